package io.boxbox.maestro.pass;

/** An order waited too long for a kitchen service; the maestro hands it back for another attempt. */
public final class StuckOrderException extends RuntimeException {

    public StuckOrderException(String message) {
        super(message);
    }
}
