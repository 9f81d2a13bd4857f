package io.boxbox.driver.gps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.telemetry.MqttTraceContext;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * One driver's GPS device: its own MQTT connection, logged in as {@code driver-<id>}, publishing
 * on its own topic only (the broker's ACL allows nothing else). A fix that cannot be sent right
 * now (broker down, link reconnecting) is dropped and counted, never queued: a stale position is
 * worth nothing to a hungry customer, and the ride must not wait for the broker.
 */
public final class GpsDevice implements AutoCloseable {

    /** Span name: the topic with the driver left out, so every device's spans share one name. */
    static final String PUBLISH_SPAN = "publish " + GpsTopics.location("{driver_id}");

    private static final LongCounter UNSENT = GlobalOpenTelemetry.getMeter("io.boxbox.gps")
            .counterBuilder("boxbox.gps.fixes.unsent")
            .setDescription("Fixes a driver's device could not publish because its link to the broker was down")
            .build();
    private static final AttributeKey<String> DRIVER = AttributeKey.stringKey("boxbox.driver");

    private final String driver;
    private final String topic;
    private final MqttLink link;
    private final ObjectMapper json;

    GpsDevice(String driver, MqttLink link, ObjectMapper json) {
        this.driver = driver;
        this.topic = GpsTopics.location(GpsTopics.deviceId(driver));
        this.link = link;
        this.json = json;
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    /**
     * Publishes one fix in a producer span that is a child of the span in progress (the delivery's
     * gRPC server span), its context in the message's user properties. Returns whether it was sent.
     */
    public boolean report(LocationFix fix) {
        Span span = Telemetry.tracer().spanBuilder(PUBLISH_SPAN)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "mqtt")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute(Telemetry.ORDER_ID, fix.orderId())
                .setAttribute(Telemetry.PERSON, driver)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            boolean sent = link.publish(topic, json.writeValueAsBytes(fix), MqttTraceContext.inject(Context.current()));
            if (!sent) {
                UNSENT.add(1, Attributes.of(DRIVER, driver));
                span.setStatus(StatusCode.ERROR, "device offline: fix dropped");
            }
            return sent;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a location fix must always serialise", e);
        } finally {
            span.end();
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
