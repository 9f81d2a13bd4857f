package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 11: orders on {@code orders.new.<order_type>.<order_id>}, one consumer per type. A broker
 * of the all-types days (consumer {@code maestro}, orders on {@code orders.new.<order_id>}) is
 * upgraded by ensure(): the old consumer goes, its stored orders move to their typed subject.
 */
class TypedOrderSubjectsTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    @Test
    void anUpgradeRemovesTheAllTypesConsumerAndMovesStoredOrdersToTheirTypedSubject() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            allTypesTopology(jsm);
            Order takeout = order(OrderType.TAKEOUT);
            connection.jetStream().publish(Topology.ORDERS_SUBJECT_PREFIX + takeout.orderId(),
                    new Headers().put("traceparent", TRACEPARENT), json.writeValueAsBytes(takeout),
                    PublishOptions.builder().messageId(takeout.orderId()).build());
            connection.jetStream().publish("orders.new.garbage", "{not an order".getBytes(StandardCharsets.UTF_8));
            // the old maestro held the takeout when it was stopped: delivered, never acked
            JetStreamSubscription old = connection.jetStream().subscribe(Topology.ORDERS_SUBJECTS,
                    PullSubscribeOptions.bind(Topology.ORDERS_STREAM, Topology.RETIRED_MAESTRO_CONSUMER));
            assertEquals(1, old.fetch(1, Duration.ofSeconds(2)).size());
            old.unsubscribe();

            JetStreamTopology topology = new JetStreamTopology(connection, Duration.ofDays(7));
            topology.ensure();

            assertEquals(List.of("maestro-delivery", "maestro-dine_in", "maestro-takeout"), consumers(jsm),
                    "the all-types consumer is gone, one per type instead");
            assertEquals(0, untypedLeft(jsm), "no order is left on a subject no consumer matches");
            MessageInfo moved = jsm.getLastMessage(Topology.ORDERS_STREAM,
                    Topology.orderSubject(OrderType.TAKEOUT, takeout.orderId()));
            assertEquals(TRACEPARENT, moved.getHeaders().getFirst("traceparent"), "the trace goes on with the order");
            assertEquals(takeout, json.readValue(moved.getData(), Order.class));
            MessageInfo dead = jsm.getLastMessage(Topology.DEAD_LETTER_STREAM, Topology.DEAD_LETTER_SUBJECTS);
            assertEquals("orders.new.garbage", dead.getHeaders().getFirst("Boxbox-Original-Subject"),
                    "an untyped message that is no order is set aside, not moved");

            topology.ensure();
            assertEquals(List.of("maestro-delivery", "maestro-dine_in", "maestro-takeout"), consumers(jsm));
            assertEquals(1, jsm.getStreamInfo(Topology.ORDERS_STREAM).getStreamState().getMsgCount(),
                    "ensure() again moves nothing and copies nothing");
            assertEquals(1, jsm.getStreamInfo(Topology.DEAD_LETTER_STREAM).getStreamState().getMsgCount());
            Message made = only(connection, OrderType.TAKEOUT);
            assertEquals(Topology.orderSubject(OrderType.TAKEOUT, takeout.orderId()), made.getSubject(),
                    "the takeout consumer delivers the moved order");
        }
    }

    @Test
    void eachTypeIsDeliveredOnlyByItsOwnConsumerAndFoundByIdWhateverItsType() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            new JetStreamTopology(connection, Duration.ofDays(7)).ensure();
            Order delivery = order(OrderType.DELIVERY);
            Order dineIn = order(OrderType.DINE_IN);
            for (Order order : List.of(delivery, dineIn)) {
                connection.jetStream().publish(Topology.orderSubject(order.orderType(), order.orderId()),
                        json.writeValueAsBytes(order));
            }
            JetStreamManagement jsm = connection.jetStreamManagement();
            assertEquals(delivery.orderId(), Topology.orderIdOf(jsm.getLastMessage(Topology.ORDERS_STREAM,
                    Topology.orderSubjectOfAnyType(delivery.orderId())).getSubject()));
            JetStreamApiException none = assertThrows(JetStreamApiException.class,
                    () -> jsm.getLastMessage(Topology.ORDERS_STREAM, Topology.orderSubjectOfAnyType("no-such-order")));
            assertEquals(10037, none.getApiErrorCode());

            assertEquals(0, jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(OrderType.TAKEOUT))
                    .getNumPending(), "nothing for takeout");
            assertEquals(Topology.orderSubject(OrderType.DINE_IN, dineIn.orderId()), only(connection, OrderType.DINE_IN).getSubject());
            assertEquals(Topology.orderSubject(OrderType.DELIVERY, delivery.orderId()), only(connection, OrderType.DELIVERY).getSubject());
        }
    }

    /** The one message the type's consumer delivers (acked, so it leaves the work queue). */
    private static Message only(Connection connection, OrderType type) throws Exception {
        JetStreamSubscription subscription = connection.jetStream().subscribe(Topology.orderSubjects(type),
                PullSubscribeOptions.bind(Topology.ORDERS_STREAM, Topology.maestroConsumer(type)));
        List<Message> got = subscription.fetch(2, Duration.ofMillis(500));
        assertEquals(1, got.size(), "messages of " + type);
        got.getFirst().ack();
        subscription.unsubscribe();
        return got.getFirst();
    }

    private static void allTypesTopology(JetStreamManagement jsm) throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name(Topology.ORDERS_STREAM).subjects(Topology.ORDERS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File)
                .duplicateWindow(JetStreamTopology.DUPLICATE_WINDOW).build());
        jsm.addOrUpdateConsumer(Topology.ORDERS_STREAM, ConsumerConfiguration.builder()
                .durable(Topology.RETIRED_MAESTRO_CONSUMER).filterSubject(Topology.ORDERS_SUBJECTS)
                .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(30)).maxDeliver(20).build());
    }

    private static List<String> consumers(JetStreamManagement jsm) throws Exception {
        return jsm.getConsumerNames(Topology.ORDERS_STREAM).stream().sorted().toList();
    }

    private static long untypedLeft(JetStreamManagement jsm) throws Exception {
        try {
            jsm.getNextMessage(Topology.ORDERS_STREAM, 1, Topology.UNTYPED_ORDER_SUBJECTS);
            return 1;
        } catch (JetStreamApiException none) {
            return 0;
        }
    }

    private static Order order(OrderType type) {
        return new Order(UUID.randomUUID().toString(), "charles", PizzaSize.SMALL, List.of("basil"), Border.NONE,
                type, type == OrderType.DELIVERY ? new io.boxbox.pacchetto.order.Destination("ferrari_garage",
                "Ferrari garage", 45.6189, 9.2811) : null, Instant.parse("2026-12-02T03:00:00Z"));
    }
}
