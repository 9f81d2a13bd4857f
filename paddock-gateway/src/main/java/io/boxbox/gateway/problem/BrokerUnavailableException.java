package io.boxbox.gateway.problem;

/** The broker did not answer a lookup or a change in time: nothing was done, try again (503). Orders: {@link OrderNotConfirmedException}. */
public final class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
