package io.boxbox.gateway.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Every error Micronaut itself answers (unknown route, wrong method, unsupported media type, a
 * failure nobody mapped) also leaves as {@code application/problem+json}, never as HTML or HATEOAS.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        List<Problem.FieldError> errors = context.getErrors().stream()
                .filter(e -> e.getPath().isPresent())
                .map(e -> new Problem.FieldError(e.getPath().get(), e.getMessage()))
                .toList();
        String detail = context.getErrors().stream()
                .map(io.micronaut.http.server.exceptions.response.Error::getMessage)
                .map(ProblemErrorResponseProcessor::firstLine)
                .findFirst()
                .orElse(status.getReason());
        if (status.getCode() >= 500) {
            // Internal details are for the logs, not for the client.
            detail = "the paddock gateway hit an unexpected problem; try again, and report it if it persists";
        }
        return response.contentType(Problem.MEDIA_TYPE)
                .body(new Problem("about:blank", status.getReason(), status.getCode(), detail, errors));
    }

    /** Parser messages continue with source locations nobody needs; keep the sentence. */
    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
