package io.boxbox.gateway.tracking;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the relay did with each fix, for OpenTelemetry (meter {@code io.boxbox.gps}) and for
 * {@code GET /admin/v1/gps}, which shows this replica's totals without a metrics backend.
 */
@Singleton
public class FixTally {

    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("boxbox.gps.outcome");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("boxbox.gps.drop_reason");

    private final LongCounter received;
    private final LongCounter dropped;
    private final DoubleHistogram age;
    private final LongAdder relayed = new LongAdder();
    private final LongAdder unwatched = new LongAdder();
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

    public FixTally() {
        Meter meter = GlobalOpenTelemetry.getMeter("io.boxbox.gps");
        received = meter.counterBuilder("boxbox.gps.fixes.received")
                .setDescription("Driver fixes the gateway received, by outcome: relayed, unwatched or dropped").build();
        dropped = meter.counterBuilder("boxbox.gps.fixes.dropped")
                .setDescription("Driver fixes the gateway dropped, by reason").build();
        age = meter.histogramBuilder("boxbox.gps.fix.age").setUnit("ms")
                .setDescription("From a device taking a fix to the gateway receiving it, for relayed fixes (wall clock)").build();
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    public void relayed(double ageMillis) {
        relayed.increment();
        received.add(1, Attributes.of(OUTCOME, "relayed"));
        age.record(ageMillis);
    }

    public void unwatched() {
        unwatched.increment();
        received.add(1, Attributes.of(OUTCOME, "unwatched"));
    }

    public void dropped(DropReason reason) {
        drops.get(reason).increment();
        received.add(1, Attributes.of(OUTCOME, "dropped"));
        dropped.add(1, Attributes.of(REASON, reason.wireName()));
    }

    public Totals totals() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        drops.forEach((reason, count) -> byReason.put(reason.wireName(), count.sum()));
        return new Totals(relayed.sum(), unwatched.sum(), byReason);
    }

    /** This replica's counts since it started. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Totals(long relayed, long unwatched, Map<String, Long> dropped) {
    }
}
