package io.boxbox.gateway.problem;

/** JetStream did not confirm: the order was NOT accepted and the client should try again (503). */
public final class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
