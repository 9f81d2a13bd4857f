package io.boxbox.gateway.problem;

import java.util.List;

/** Query parameters that cannot be read (400), each named with what is wrong with it, all at once. */
public final class MalformedParametersException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public MalformedParametersException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("malformed parameters"));
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
