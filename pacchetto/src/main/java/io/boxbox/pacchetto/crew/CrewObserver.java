package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.telemetry.MishapMeter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Makes the people's behaviour observable: a log line per absence, and counters and duration
 * histograms per behaviour (lunches, smokes, oversmokes, sleeps, oversleeps, breaks) through the
 * OpenTelemetry API — exported by the Java agent when it is attached, free when it is not.
 */
public final class CrewObserver implements CrewListener {

    private static final Logger LOG = LoggerFactory.getLogger(CrewObserver.class);
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("boxbox.service");
    private static final AttributeKey<String> BEHAVIOUR = AttributeKey.stringKey("boxbox.behaviour");
    private static final AttributeKey<Boolean> FORCED = AttributeKey.booleanKey("boxbox.forced");

    private final String service;
    private final LongCounter behaviours;
    private final DoubleHistogram durations;
    private final MishapMeter mishaps;

    public CrewObserver(String service) {
        this.service = service;
        Meter meter = GlobalOpenTelemetry.getMeter("io.boxbox.crew");
        this.behaviours = meter.counterBuilder("boxbox.crew.behaviours")
                .setDescription("Human behaviours started: sleep, oversleep, lunch, smoke, oversmoke, break")
                .build();
        this.durations = meter.histogramBuilder("boxbox.crew.behaviour.duration")
                .setDescription("How long each behaviour lasted, wall-clock")
                .setUnit("s")
                .build();
        this.mishaps = new MishapMeter(service);
    }

    @Override
    public void absenceStarted(String person, AbsenceKind kind, Instant from, Instant until, boolean overrun,
                               boolean forced) {
        Attributes attributes = Attributes.of(SERVICE, service, BEHAVIOUR, kind.event(), FORCED, forced);
        behaviours.add(1, attributes);
        mishaps.absence(kind.event());
        if (overrun) {
            behaviours.add(1, Attributes.of(SERVICE, service, BEHAVIOUR, kind.overrunEvent(), FORCED, forced));
            mishaps.mishap(kind.overrunEvent());
        }
        LOG.info("{} goes {} until {}{}{}", person, kind.event(), until, overrun ? " (" + kind.overrunEvent() + ")" : "",
                forced ? " (forced)" : "");
    }

    @Override
    public void absenceEnded(String person, AbsenceKind kind, Duration lasted, boolean overrun) {
        durations.record(lasted.toNanos() / 1e9, Attributes.of(SERVICE, service, BEHAVIOUR,
                overrun ? kind.overrunEvent() : kind.event()));
        LOG.info("{} is back from {}", person, overrun ? kind.overrunEvent() : kind.event());
    }
}
