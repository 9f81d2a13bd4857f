package io.boxbox.maestro.kitchen;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The spans a test's own tracer ended, without touching the global OpenTelemetry. */
public final class CollectedSpans implements SpanProcessor {

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(this).build();

    public Tracer tracer() {
        return provider.get("io.boxbox");
    }

    /** Every span ended so far, in the order they ended. */
    public List<SpanData> ended() {
        return List.copyOf(ended);
    }

    public Optional<SpanData> named(String name) {
        return ended.stream().filter(span -> span.getName().equals(name)).findFirst();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
