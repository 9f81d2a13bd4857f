package io.boxbox.gateway.tracking;

import io.boxbox.gateway.fleet.Fleet;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.gps.MqttSettings;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.telemetry.MqttTraceContext;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PreDestroy;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's ear on the drivers: one MQTT connection as {@code paddock-gateway}, subscribed to
 * every driver's location (each replica subscribes for itself and serves its own SSE clients).
 * Each fix is scrutinised, then relayed to the streams of the order it names if, and only if, its
 * device carries that order. It resubscribes after every reconnection, so a broker restart costs
 * the fixes sent while it was down and nothing more.
 *
 * <p>Paho's one callback thread only timestamps a fix and queues it on its device's lane
 * ({@link RelayLanes}); the checks and the writes to the watchers' streams run there.
 */
@Context
public class FixRelay implements AutoCloseable {

    static final String PROCESS_SPAN = "process " + GpsTopics.location("{driver_id}");

    private static final Logger LOG = LoggerFactory.getLogger(FixRelay.class);
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("boxbox.gps.outcome");

    private final Scrutineer scrutineer;
    private final TrackedOrders orders;
    private final FixTally tally;
    private final Fleet fleet;
    private final Clock clock = Clock.systemUTC();
    private final MqttLink link;
    private final RelayLanes lanes;
    /** Whether the last fix found its lane full: the log says so once per run of drops, not per fix. */
    private final AtomicBoolean behind = new AtomicBoolean();

    public FixRelay(MqttSettings mqtt, RelayCredentials credentials, ServiceIdentity identity, Scrutineer scrutineer,
                    TrackedOrders orders, FixTally tally, Fleet fleet, TrackingSettings settings) {
        this.fleet = fleet;
        this.scrutineer = scrutineer;
        this.orders = orders;
        this.tally = tally;
        if (!mqtt.enabled()) {
            LOG.info("driver GPS relay is off (boxbox.mqtt.enabled=false): order streams carry states only");
            this.link = null;
            this.lanes = null;
            return;
        }
        if (credentials.password().isBlank()) {
            throw new ConfigurationException("no MQTT password for the gateway: set BOXBOX_MQTT_GATEWAY_PASSWORD"
                    + " (boxbox.mqtt.gateway.password); ./boxbox up generates it into .boxbox/secrets.env");
        }
        this.lanes = new RelayLanes(settings.laneCount(), settings.laneDepth());
        this.link = MqttLink.open(mqtt, credentials.username() + "@" + identity.instance(), credentials.username(),
                credentials.password(), null, connected -> connected.subscribe(GpsTopics.ALL_LOCATIONS), this::onFix);
        LOG.info("relaying driver GPS on {} lanes of {} fixes", lanes.count(), settings.laneDepth());
    }

    /** {@code CONNECTED}, {@code DISCONNECTED} (reconnecting) or {@code OFF}. */
    public String status() {
        if (link == null) {
            return "OFF";
        }
        return link.isConnected() ? "CONNECTED" : "DISCONNECTED";
    }

    /** Runs on the link's one callback thread, so it only queues the fix; it must not throw into Paho (that drops the connection). */
    void onFix(String topic, MqttMessage message) {
        Instant receivedAt = clock.instant();
        if (lanes.submit(topic, () -> relay(topic, message, receivedAt))) {
            if (behind.compareAndSet(true, false)) {
                LOG.info("the GPS relay has caught up: its lanes take fixes again");
            }
            return;
        }
        tally.dropped(DropReason.BACKLOG);
        if (behind.compareAndSet(false, true)) {
            LOG.warn("the GPS relay is behind: a lane holds boxbox.gps.lane-depth fixes, so fixes are dropped as backlog"
                    + " until it catches up (first: {})", topic);
        }
    }

    /** On the fix's lane. The span starts when the fix arrived, so it shows the time it waited for its lane. */
    private void relay(String topic, MqttMessage message, Instant receivedAt) {
        Span span = Telemetry.tracer().spanBuilder(PROCESS_SPAN)
                .setParent(MqttTraceContext.extract(message.getProperties()))
                .setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(receivedAt)
                .setAttribute("messaging.system", "mqtt")
                .setAttribute("messaging.destination.name", topic)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            switch (scrutineer.inspect(topic, message.getPayload(), receivedAt)) {
                case Verdict.Passed passed -> {
                    span.setAttribute(Telemetry.ORDER_ID, passed.fix().orderId());
                    span.setAttribute(Telemetry.PERSON, passed.fix().driverId());
                    // every plausible fix goes on the fleet's map, whoever follows (or carries) its order
                    fleet.heard(passed.fix());
                    TrackedOrders.Outcome outcome = orders.offer(passed.fix());
                    span.setAttribute(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT));
                    switch (outcome) {
                        case RELAYED -> tally.relayed(Duration.between(passed.fix().ts(), receivedAt).toNanos() / 1e6);
                        case UNWATCHED -> tally.unwatched();
                        case UNASSIGNED -> drop(span, new Verdict.Refused(DropReason.UNASSIGNED,
                                "the order is not theirs to deliver", passed.fix().driverId(), passed.fix().orderId()));
                    }
                }
                case Verdict.Refused refused -> drop(span, refused);
            }
        } catch (RuntimeException e) {
            LOG.error("could not relay the fix on {}", topic, e);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
        } finally {
            span.end();
        }
    }

    private void drop(Span span, Verdict.Refused refused) {
        tally.dropped(refused.reason());
        span.setAttribute(OUTCOME, refused.reason().wireName());
        if (refused.orderId() != null) {
            span.setAttribute(Telemetry.ORDER_ID, refused.orderId());
        }
        if (refused.device() != null) {
            span.setAttribute(Telemetry.PERSON, refused.device());
        }
        LOG.warn("dropped a fix from {}{}: {} ({})", refused.device(),
                refused.orderId() == null ? "" : " for order " + refused.orderId(), refused.reason().wireName(), refused.detail());
    }

    @Override
    @PreDestroy
    public void close() {
        if (link != null) {
            link.close();
            lanes.close();
        }
    }
}
