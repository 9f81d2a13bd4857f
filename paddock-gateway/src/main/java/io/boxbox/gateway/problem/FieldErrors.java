package io.boxbox.gateway.problem;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with a request, field by field, before anything is done with it. */
public final class FieldErrors {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public FieldErrors reject(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<Problem.FieldError> list() {
        return List.copyOf(errors);
    }

    /** Throws when anything was rejected, so callers read as a list of checks. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(list());
        }
    }
}
