package io.boxbox.gateway.problem;

/** A path or query parameter that cannot name anything, whatever is stored (400, naming it). */
public final class MalformedParameterException extends RuntimeException {

    private final String field;

    public MalformedParameterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
