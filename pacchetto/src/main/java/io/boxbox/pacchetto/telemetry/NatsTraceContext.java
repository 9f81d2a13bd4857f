package io.boxbox.pacchetto.telemetry;

import io.nats.client.impl.Headers;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.List;

/**
 * Carries W3C trace context ({@code traceparent}, {@code tracestate}) in NATS message headers.
 * The agent does not instrument JetStream publish or pull fetch, so this is what makes the
 * gateway's publish the parent of the maestro's work across the queue.
 */
public final class NatsTraceContext {

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> headers.put(key, value);
    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return headers.keySet();
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            List<String> values = headers.get(key);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    };

    private NatsTraceContext() {
    }

    public static Headers inject(Context context, Headers headers) {
        GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(context, headers, SETTER);
        return headers;
    }

    public static Context extract(Headers headers) {
        if (headers == null) {
            return Context.root();
        }
        return GlobalOpenTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), headers, GETTER);
    }
}
