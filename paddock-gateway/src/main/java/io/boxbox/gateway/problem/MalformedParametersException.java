package io.boxbox.gateway.problem;

import java.util.List;

/**
 * Path or query parameters that cannot name anything, whatever is stored (400), each named with
 * what is wrong with it, all at once.
 */
public final class MalformedParametersException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public MalformedParametersException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("malformed parameters"));
        this.errors = List.copyOf(errors);
    }

    /** One parameter that cannot name anything ({@code order_number}, {@code trace_id}). */
    public static MalformedParametersException of(String field, String message) {
        return new MalformedParametersException(List.of(new Problem.FieldError(field, message)));
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
