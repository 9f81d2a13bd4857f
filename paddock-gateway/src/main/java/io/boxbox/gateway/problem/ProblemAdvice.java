package io.boxbox.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.boxbox.gateway.order.ClientPrices;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;

/**
 * Turns every client mistake and every refusal into {@code application/problem+json} with the
 * right status and the offending fields named as the client spelled them ({@code order_type},
 * {@code toppings[2]}). Framework errors not listed here go through {@link ProblemErrorResponseProcessor}.
 */
@Hidden
@Controller
public class ProblemAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @Error(global = true, exception = InvalidRequestException.class)
    public HttpResponse<Problem> invalidRequest(HttpRequest<?> request, InvalidRequestException e) {
        return respond(HttpStatus.UNPROCESSABLE_ENTITY, "The order cannot be made as asked",
                "fix the fields listed in errors and send it again", e.errors());
    }

    @Error(global = true, exception = ConstraintViolationException.class)
    public HttpResponse<Problem> constraintViolation(HttpRequest<?> request, ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(FieldPaths.of(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(HttpStatus.UNPROCESSABLE_ENTITY, "The order cannot be made as asked",
                "fix the fields listed in errors and send it again", errors);
    }

    @Error(global = true, exception = ConversionErrorException.class)
    public HttpResponse<Problem> unreadableBody(HttpRequest<?> request, ConversionErrorException e) {
        return malformed(e);
    }

    @Error(global = true, exception = CodecException.class)
    public HttpResponse<Problem> undecodableBody(HttpRequest<?> request, CodecException e) {
        return malformed(e);
    }

    @Error(global = true, exception = JsonProcessingException.class)
    public HttpResponse<Problem> badJson(HttpRequest<?> request, JsonProcessingException e) {
        return malformed(e);
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    public HttpResponse<Problem> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return respond(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large",
                "an order fits in a few hundred bytes; " + e.getMessage(), List.of());
    }

    @Error(global = true, exception = OrderNotFoundException.class)
    public HttpResponse<Problem> notFound(HttpRequest<?> request, OrderNotFoundException e) {
        return respond(HttpStatus.NOT_FOUND, "Order not found", e.getMessage(), List.of());
    }

    /** One bad parameter is named in the title; several are listed, all at once. */
    @Error(global = true, exception = MalformedParametersException.class)
    public HttpResponse<Problem> malformedParameters(HttpRequest<?> request, MalformedParametersException e) {
        if (e.errors().size() == 1) {
            Problem.FieldError only = e.errors().getFirst();
            return respond(HttpStatus.BAD_REQUEST, "Malformed " + only.field(), only.message(), e.errors());
        }
        return respond(HttpStatus.BAD_REQUEST, "Malformed query parameters",
                "fix the parameters listed in errors and ask again", e.errors());
    }

    @Error(global = true, exception = OrderConflictException.class)
    public HttpResponse<Problem> conflict(HttpRequest<?> request, OrderConflictException e) {
        return respond(HttpStatus.CONFLICT, "Order is " + e.state(), e.getMessage(),
                List.of(new Problem.FieldError("state", e.state().name())));
    }

    @Error(global = true, exception = TooManyOrdersException.class)
    public HttpResponse<Problem> tooMany(HttpRequest<?> request, TooManyOrdersException e) {
        return respond(HttpStatus.TOO_MANY_REQUESTS, "Too many orders", e.getMessage(), List.of())
                .header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
    }

    @Error(global = true, exception = BrokerUnavailableException.class)
    public HttpResponse<Problem> brokerUnavailable(HttpRequest<?> request, BrokerUnavailableException e) {
        LOG.warn("refusing request: {}", e.getMessage());
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "Order queue unavailable", e.getMessage(), List.of())
                .header("Retry-After", "2");
    }

    @Error(global = true, exception = OrderNotConfirmedException.class)
    public HttpResponse<Problem> notConfirmed(HttpRequest<?> request, OrderNotConfirmedException e) {
        LOG.warn("order not confirmed: {} ({})", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "Order not confirmed", e.getMessage(), List.of())
                .header("Retry-After", "2");
    }

    @Error(global = true, exception = OrderTokenRefusedException.class)
    public HttpResponse<Problem> tokenRefused(HttpRequest<?> request, OrderTokenRefusedException e) {
        return respond(HttpStatus.FORBIDDEN, "Order token required", e.getMessage(), List.of());
    }

    private HttpResponse<Problem> malformed(Exception e) {
        JsonProcessingException json = findCause(e, JsonProcessingException.class);
        if (json instanceof UnrecognizedPropertyException unknown && ClientPrices.isPriceLike(unknown.getPropertyName())) {
            // Well-formed, but asks to set a price: the order cannot be taken as asked (422), not unreadable (400).
            return respond(HttpStatus.UNPROCESSABLE_ENTITY, "The order cannot be made as asked",
                    "an order never carries prices: the bill is computed from GET /v1/menu",
                    List.of(new Problem.FieldError(jsonPath(unknown.getPath()), ClientPrices.REFUSAL)));
        }
        if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            return respond(HttpStatus.BAD_REQUEST, "Malformed order", "the body is not an order as documented",
                    List.of(new Problem.FieldError(field, describe(mapping))));
        }
        String why = json instanceof JsonMappingException ? "it is not an object with the order's fields"
                : json != null ? firstLine(json.getOriginalMessage()) : "it could not be read";
        return respond(HttpStatus.BAD_REQUEST, "Malformed JSON",
                "the body must be one JSON object with the order's fields; " + why, List.of());
    }

    /** Jackson's message minus the class names a client cannot do anything with. */
    private static String describe(JsonMappingException mapping) {
        String message = firstLine(mapping.getOriginalMessage());
        if (message.startsWith("Unrecognized field")) {
            return "unknown field; see GET /v1/menu and the API docs for the fields an order has";
        }
        if (message.startsWith("Cannot deserialize") || message.startsWith("Cannot coerce")) {
            return "wrong type of value for this field";
        }
        return message;
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public static MutableHttpResponse<Problem> respond(HttpStatus status, String title, String detail,
                                                List<Problem.FieldError> errors) {
        return HttpResponse.<Problem>status(status)
                .contentType(Problem.MEDIA_TYPE)
                .body(new Problem("about:blank", title, status.getCode(), detail, errors));
    }
}
