package io.boxbox.gateway.order;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Links a trace id to the Jaeger UI ({@code boxbox.jaeger.base-url}, env {@code BOXBOX_JAEGER_BASE_URL}). */
@Singleton
public class TraceLinks {

    private final String jaegerBaseUrl;

    public TraceLinks(@Value("${boxbox.jaeger.base-url:`http://localhost:16686`}") String jaegerBaseUrl) {
        this.jaegerBaseUrl = jaegerBaseUrl.endsWith("/") ? jaegerBaseUrl.substring(0, jaegerBaseUrl.length() - 1) : jaegerBaseUrl;
    }

    public String link(String traceId) {
        return traceId == null ? null : jaegerBaseUrl + "/trace/" + traceId;
    }
}
