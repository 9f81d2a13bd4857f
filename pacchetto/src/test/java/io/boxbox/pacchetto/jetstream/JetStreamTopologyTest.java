package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The topology brought to its configured shape on a fresh broker and on one holding an older topology. */
class JetStreamTopologyTest {

    private static final Duration RETENTION = Duration.ofDays(7);

    @Test
    void aFreshBrokerGetsEveryStreamConsumerAndBucket() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            JetStreamTopology topology = new JetStreamTopology(connection, RETENTION, Duration.ofSeconds(30), 5,
                    Duration.ofHours(2));
            topology.ensure();
            assertShaped(connection, topology);
            assertEquals(Duration.ofHours(2), bucket(connection, Topology.IDEMPOTENCY_BUCKET).getTtl(),
                    "the idempotency TTL is configurable");
            assertFalse(connection.keyValueManagement().getBucketNames().contains(Topology.ORDERS_BUCKET),
                    "no snapshot bucket any more");

            topology.ensure();
            assertShaped(connection, topology);
        }
    }

    @Test
    void aBrokerHoldingAnOlderTopologyIsMigratedAndKeepsItsData() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            olderTopology(connection);
            connection.jetStream().publish(Topology.eventSubject("old-order"), "{}".getBytes(StandardCharsets.UTF_8));

            JetStreamTopology topology = new JetStreamTopology(connection, RETENTION, Duration.ofSeconds(30), 5,
                    JetStreamTopology.IDEMPOTENCY_TTL);
            topology.ensure();

            assertShaped(connection, topology);
            JetStreamManagement jsm = connection.jetStreamManagement();
            StreamConfiguration events = jsm.getStreamInfo(Topology.EVENTS_STREAM).getConfiguration();
            assertEquals(RETENTION, events.getMaxAge());
            assertEquals(JetStreamTopology.DUPLICATE_WINDOW, events.getDuplicateWindow());
            assertFalse(events.getAllowDirect(), "entries are read from the stream leader");
            for (OrderType type : OrderType.values()) {
                ConsumerConfiguration maestro = jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type))
                        .getConsumerConfiguration();
                assertEquals(Duration.ofSeconds(30), maestro.getAckWait());
                assertEquals(5, maestro.getMaxDeliver());
            }
            assertEquals(Duration.ofHours(24), bucket(connection, Topology.IDEMPOTENCY_BUCKET).getTtl());
            assertEquals(RETENTION, bucket(connection, Topology.DELIVERIES_BUCKET).getTtl());
            assertEquals(RETENTION, bucket(connection, Topology.RIDES_BUCKET).getTtl());
            assertEquals(JetStreamTopology.STAFF_TTL, bucket(connection, Topology.STAFF_BUCKET).getTtl());

            assertEquals(1, jsm.getStreamInfo(Topology.EVENTS_STREAM).getStreamState().getMsgCount(),
                    "migrating keeps the journal's entries");
            assertTrue(connection.keyValueManagement().getBucketNames().contains(Topology.ORDERS_BUCKET),
                    "the old snapshot bucket is left for an operator");
            assertEquals("{}", new String(connection.keyValue(Topology.ORDERS_BUCKET).get("old-order").getValue(),
                    StandardCharsets.UTF_8));
        }
    }

    /** Roughly what the journal before one-write changes left on a broker, with other limits than today's. */
    private static void olderTopology(Connection connection) throws Exception {
        JetStreamManagement jsm = connection.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(Topology.ORDERS_STREAM).subjects(Topology.ORDERS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(1)).build());
        jsm.addStream(StreamConfiguration.builder()
                .name(Topology.EVENTS_STREAM).subjects(Topology.EVENTS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File)
                .maxAge(Duration.ofHours(1)).duplicateWindow(Duration.ofSeconds(30)).allowDirect(true).build());
        jsm.addOrUpdateConsumer(Topology.ORDERS_STREAM, ConsumerConfiguration.builder()
                .durable(Topology.RETIRED_MAESTRO_CONSUMER).filterSubject(Topology.ORDERS_SUBJECTS)
                .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(10)).maxDeliver(3).maxAckPending(100).build());
        KeyValueManagement kvm = connection.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder().name(Topology.ORDERS_BUCKET).storageType(StorageType.File)
                .maxHistoryPerKey(1).build());
        connection.keyValue(Topology.ORDERS_BUCKET).put("old-order", "{}".getBytes(StandardCharsets.UTF_8));
        kvm.create(KeyValueConfiguration.builder().name(Topology.STAFF_BUCKET).storageType(StorageType.Memory)
                .ttl(Duration.ofMinutes(1)).build());
        kvm.create(KeyValueConfiguration.builder().name(Topology.DELIVERIES_BUCKET).storageType(StorageType.File)
                .maxHistoryPerKey(5).ttl(Duration.ofHours(1)).build());
    }

    /** Every stream and bucket matches what the topology wants, field by field it compares. */
    @Test
    void theOrderNumberCountersOutliveTheirDayEvenWithAShortJournal() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            JetStreamTopology topology = new JetStreamTopology(connection, Duration.ofHours(1));
            topology.ensure();
            KeyValueConfiguration numbers = bucket(connection, Topology.ORDER_NUMBERS_BUCKET);
            assertEquals(List.of(), JetStreamTopology.differences(numbers, topology.orderNumbersBucket()));
            assertEquals(Duration.ofDays(2), numbers.getTtl(), "a quiet hour must not restart the day's count at 1");
            assertEquals(RETENTION, new JetStreamTopology(connection, RETENTION).orderNumbersBucket().getTtl(),
                    "otherwise the index lives as long as the journal");
        }
    }

    private static void assertShaped(Connection connection, JetStreamTopology topology) throws Exception {
        JetStreamManagement jsm = connection.jetStreamManagement();
        for (StreamConfiguration wanted : List.of(topology.ordersStream(), topology.eventsStream(),
                topology.deadLetterStream())) {
            assertEquals(List.of(), JetStreamTopology.differences(
                    jsm.getStreamInfo(wanted.getName()).getConfiguration(), wanted), wanted.getName());
        }
        for (KeyValueConfiguration wanted : List.of(topology.staffBucket(), topology.idempotencyBucket(),
                topology.deliveriesBucket(), topology.kitchensBucket())) {
            assertEquals(List.of(), JetStreamTopology.differences(bucket(connection, wanted.getBucketName()), wanted),
                    wanted.getBucketName());
        }
        for (OrderType type : OrderType.values()) {
            ConsumerConfiguration maestro = jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type))
                    .getConsumerConfiguration();
            ConsumerConfiguration wanted = topology.maestroConsumer(type);
            assertEquals(wanted.getFilterSubject(), maestro.getFilterSubject());
            assertEquals(wanted.getAckWait(), maestro.getAckWait());
            assertEquals(wanted.getMaxDeliver(), maestro.getMaxDeliver());
            assertEquals(wanted.getMaxAckPending(), maestro.getMaxAckPending());
        }
        assertEquals(List.of("maestro-delivery", "maestro-dine_in", "maestro-takeout"),
                jsm.getConsumerNames(Topology.ORDERS_STREAM).stream().sorted().toList(),
                "one consumer per order type, and the all-types one gone");
    }

    private static KeyValueConfiguration bucket(Connection connection, String name) throws Exception {
        return connection.keyValueManagement().getStatus(name).getConfiguration();
    }
}
