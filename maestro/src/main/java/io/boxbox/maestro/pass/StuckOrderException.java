package io.boxbox.maestro.pass;

/**
 * An order waited too long for a kitchen service: this attempt ends and the maestro hands the
 * order back for another one (or, after the last attempt, the pass marks it FAILED with this reason).
 */
public final class StuckOrderException extends RuntimeException {

    public StuckOrderException(String message) {
        super(message);
    }
}
