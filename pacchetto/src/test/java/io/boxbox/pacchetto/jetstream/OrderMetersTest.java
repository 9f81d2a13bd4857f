package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.OrderMeter;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet's order metrics as the journal records changes on a real JetStream: each accepted
 * change counted once by state (a repeat or a lost open counts nothing), and each stage's time,
 * from the moment the order entered it, in the stage histogram.
 */
class OrderMetersTest {

    private static final String MAESTRO = "Enzo (maestro)";
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
    private final SteppedClock clock = new SteppedClock();
    private PrivateNats nats;
    private Connection connection;
    private OrderJournal journal;

    @BeforeEach
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(5)).build();
        OrderEventLog log = new OrderEventLog(connection.jetStream(options), connection.jetStreamManagement(options),
                json, Duration.ofSeconds(5));
        journal = new OrderJournal(log, new DeliveryNotes(connection.keyValue(Topology.DELIVERIES_BUCKET), json),
                new ServiceIdentity("test", "test-1"), clock, new OrderMeter(meters.get("test")));
    }

    @AfterEach
    void stopBroker() throws Exception {
        meters.close();
        connection.close();
        nats.close();
    }

    @Test
    void everyAcceptedChangeIsCountedOnceByItsState() throws Exception {
        Order order = order();
        assertTrue(journal.open(order, "gateway", null));
        assertFalse(journal.open(order, "gateway", null), "the second open writes nothing");
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered"));

        assertEquals(Map.of("RECEIVED", 1L, "QUEUED", 1L, "MAKING_DOUGH", 1L), ordersByState());
    }

    @Test
    void eachStageTakesTheTimeFromWhenTheOrderEnteredIt() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        clock.step(Duration.ofSeconds(3));
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        clock.step(Duration.ofSeconds(7));
        journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered"));

        Map<String, HistogramPointData> stages = stages();
        assertEquals(3.0, stages.get("RECEIVED").getSum(), 1e-9);
        assertEquals(7.0, stages.get("QUEUED").getSum(), 1e-9);
        assertEquals(1, stages.get("QUEUED").getCount());
        assertFalse(stages.containsKey("MAKING_DOUGH"), "the order still stands in MAKING_DOUGH");
    }

    private Map<String, Long> ordersByState() {
        return metric("boxbox.orders").getLongSumData().getPoints().stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(AttributeKey.stringKey("state")), LongPointData::getValue));
    }

    private Map<String, HistogramPointData> stages() {
        return metric("boxbox.stage.duration").getHistogramData().getPoints().stream().collect(Collectors.toMap(
                p -> p.getAttributes().get(AttributeKey.stringKey("stage")), p -> p));
    }

    private MetricData metric(String name) {
        Collection<MetricData> all = reader.collectAllMetrics();
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
    }

    private Order order() {
        return new Order(UUID.randomUUID().toString(), "kimi", PizzaSize.MEDIUM, List.of("tomato"), Border.NONE,
                OrderType.TAKEOUT, null, T0);
    }

    /** A clock the test moves on. */
    private static final class SteppedClock extends Clock {
        private Instant now = T0;

        void step(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
