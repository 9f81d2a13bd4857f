package io.boxbox.maestro.queue;

import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.context.annotation.Context;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The queue backlog as a gauge, {@code boxbox.queue.backlog} (attribute {@code order_type};
 * Prometheus {@code boxbox_queue_backlog}): orders of each type this maestro makes that JetStream
 * holds and no maestro has taken yet (the consumer's pending count). Read when the metrics are
 * collected, not polled: a scrape asks the broker once per type; a broker that does not answer
 * leaves that type out of the scrape rather than report a stale number.
 */
@Context
public class BacklogMeter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogMeter.class);
    private static final AttributeKey<String> ORDER_TYPE = AttributeKey.stringKey("order_type");

    private final Provider<JetStreamManagement> jsm;
    private final ServedOrderTypes served;
    private final ObservableLongGauge gauge;

    public BacklogMeter(Provider<JetStreamManagement> jsm, ServedOrderTypes served) {
        this.jsm = jsm;
        this.served = served;
        this.gauge = GlobalOpenTelemetry.getMeter("io.boxbox.maestro")
                .gaugeBuilder("boxbox.queue.backlog").ofLongs()
                .setDescription("orders waiting in JetStream for a maestro, by order type")
                .buildWithCallback(this::observe);
    }

    private void observe(ObservableLongMeasurement measurement) {
        for (OrderType type : served.types()) {
            try {
                long pending = jsm.get().getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type))
                        .getNumPending();
                measurement.record(pending, Attributes.of(ORDER_TYPE, type.wireName()));
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                LOG.debug("no backlog for {} in this scrape: {}", type.wireName(), e.toString());
            }
        }
    }

    @PreDestroy
    @Override
    public void close() {
        gauge.close();
    }
}
