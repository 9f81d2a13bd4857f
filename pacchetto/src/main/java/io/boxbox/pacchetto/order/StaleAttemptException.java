package io.boxbox.pacchetto.order;

/**
 * A writer working for an older attempt of the order than the one recorded tried to change it:
 * another maestro has taken the order over since, so this writer must stop, not overwrite.
 */
public final class StaleAttemptException extends IllegalStateException {

    private final int writerAttempt;
    private final int recordedAttempt;

    public StaleAttemptException(String orderId, int writerAttempt, int recordedAttempt) {
        super("order " + orderId + " is now on attempt " + recordedAttempt
                + "; a write from attempt " + writerAttempt + " is refused");
        this.writerAttempt = writerAttempt;
        this.recordedAttempt = recordedAttempt;
    }

    public int writerAttempt() {
        return writerAttempt;
    }

    public int recordedAttempt() {
        return recordedAttempt;
    }
}
