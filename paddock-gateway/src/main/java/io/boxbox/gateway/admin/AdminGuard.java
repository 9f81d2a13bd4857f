package io.boxbox.gateway.admin;

import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.problem.ProblemAdvice;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The door of every {@code /admin/v1/*} endpoint: off without a token, closed without the right one. */
@Singleton
public class AdminGuard {

    private final AdminSettings settings;

    public AdminGuard(AdminSettings settings) {
        this.settings = settings;
    }

    /** The problem to answer with, or null when the caller may pass. */
    public HttpResponse<Problem> refusal(String authorization) {
        if (!settings.enabled()) {
            return ProblemAdvice.respond(HttpStatus.NOT_FOUND, "Admin endpoints are off",
                    "start the gateway with BOXBOX_ADMIN_TOKEN set to enable the admin endpoints", List.of());
        }
        String expected = "Bearer " + settings.token();
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            return ProblemAdvice.respond(HttpStatus.UNAUTHORIZED, "Admin token required",
                    "send Authorization: Bearer <BOXBOX_ADMIN_TOKEN>", List.of());
        }
        return null;
    }
}
