package io.boxbox.gateway.trace;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code boxbox.traces.*}: where the local trace keeper appends its spans. {@code ./boxbox up}
 * runs every service from the repository root and the keeper writes {@code logs/traces.jsonl}, so
 * the default finds it; empty turns {@code GET /v1/traces/{id}} into a 404 that says so.
 */
@ConfigurationProperties("boxbox.traces")
public record TraceSettings(@Bindable(defaultValue = "logs/traces.jsonl") String file) {
}
