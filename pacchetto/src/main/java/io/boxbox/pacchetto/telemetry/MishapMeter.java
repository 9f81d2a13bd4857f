package io.boxbox.pacchetto.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * The people's absences and mishaps by kind, per service (meter {@code io.boxbox.crew}):
 * {@code boxbox.crew.absences} (sleep, lunch, smoke, break…) and {@code boxbox.mishaps}
 * (overslept, oversmoke, burnt, detour), attributes {@code service} and {@code kind}; Prometheus
 * {@code boxbox_crew_absences_total} and {@code boxbox_mishaps_total}, one series per instance
 * scraped. The one place every service counts them, so the dashboard reads one metric per idea.
 */
public final class MishapMeter {

    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service");
    static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");

    private final String service;
    private final LongCounter absences;
    private final LongCounter mishaps;

    public MishapMeter(String service) {
        this(service, GlobalOpenTelemetry.getMeter("io.boxbox.crew"));
    }

    MishapMeter(String service, Meter meter) {
        this.service = service;
        this.absences = meter.counterBuilder("boxbox.crew.absences")
                .setDescription("absences started, by kind: sleep, lunch, smoke, break")
                .build();
        this.mishaps = meter.counterBuilder("boxbox.mishaps")
                .setDescription("mishaps, by kind: overslept, oversmoke, burnt, detour")
                .build();
    }

    public void absence(String kind) {
        absences.add(1, Attributes.of(SERVICE, service, KIND, kind));
    }

    public void mishap(String kind) {
        mishaps.add(1, Attributes.of(SERVICE, service, KIND, kind));
    }
}
