package io.boxbox.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error the gateway answers. {@code errors}
 * names each offending field of a request with a message a person can act on.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One thing wrong with one field ({@code toppings[2]}, {@code destination.lat}, ...). */
    @Introspected
    public record FieldError(String field, String message) {
    }
}
