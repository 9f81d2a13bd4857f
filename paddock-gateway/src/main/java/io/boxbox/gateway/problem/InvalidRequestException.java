package io.boxbox.gateway.problem;

import java.util.List;

/** A request that is well-formed JSON but asks for something the kitchen cannot do (422). */
public final class InvalidRequestException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidRequestException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("invalid request"));
        this.errors = errors;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
