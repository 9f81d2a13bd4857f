package io.boxbox.pacchetto.telemetry;

import io.boxbox.pacchetto.order.OrderState;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fleet's order metrics (meter {@code io.boxbox.orders}): orders reaching each state
 * ({@code boxbox.orders}, attribute {@code state}; Prometheus {@code boxbox_orders_total}) and how
 * long an order stood in each stage before leaving it ({@code boxbox.stage.duration} in seconds,
 * attribute {@code stage}; {@code boxbox_stage_duration_seconds_*}). Counted by the writer whose
 * journal append was accepted, so every change is counted once across every replica, by the
 * instance that made it. Through the OpenTelemetry API only; without the agent a no-op.
 */
public final class OrderMeter {

    static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");

    private final LongCounter reached;
    private final DoubleHistogram stages;
    // Attributes built once per state: the journal records a change on every hop of every order.
    private final Map<OrderState, Attributes> stateAttributes = new EnumMap<>(OrderState.class);
    private final Map<OrderState, Attributes> stageAttributes = new EnumMap<>(OrderState.class);

    public OrderMeter() {
        this(GlobalOpenTelemetry.getMeter("io.boxbox.orders"));
    }

    /** On a meter of the caller's (tests, tools). */
    public OrderMeter(Meter meter) {
        this.reached = meter.counterBuilder("boxbox.orders")
                .setDescription("orders reaching each state, counted by the instance that recorded the change")
                .build();
        this.stages = meter.histogramBuilder("boxbox.stage.duration").setUnit("s")
                .setDescription("how long an order stood in a stage before it moved on")
                .build();
        for (OrderState state : OrderState.values()) {
            stateAttributes.put(state, Attributes.of(STATE, state.name()));
            stageAttributes.put(state, Attributes.of(STAGE, state.name()));
        }
    }

    /** An order's first state: nothing stood before it. */
    public void opened(OrderState state) {
        reached.add(1, stateAttributes.get(state));
    }

    /** An order left {@code stage} for {@code state} after standing in it {@code stood}. */
    public void moved(OrderState stage, OrderState state, Duration stood) {
        reached.add(1, stateAttributes.get(state));
        stages.record(Math.max(0, stood.toNanos()) / 1e9, stageAttributes.get(stage));
    }
}
