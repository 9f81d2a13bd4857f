package io.boxbox.bench;

import io.boxbox.pacchetto.telemetry.KeptSpan;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bench's write count: every stored message of a file stream, including those the stream dropped since. */
class StreamWritesTest {

    @Test
    void countsStoredMessagesOfFileStreamsIncludingDroppedOnesAndListsMemoryStreamsApart() throws Exception {
        try (PrivateNats server = new PrivateNats(); Connection nats = Nats.connect(server.url())) {
            var jsm = nats.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.new.>")
                    .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
            nats.keyValueManagement().create(KeyValueConfiguration.builder().name("orders").maxHistoryPerKey(1)
                    .storageType(StorageType.File).build());
            nats.keyValueManagement().create(KeyValueConfiguration.builder().name("staff")
                    .storageType(StorageType.Memory).build());
            JetStream js = nats.jetStream();
            KeyValue orders = nats.keyValue("orders");
            KeyValue staff = nats.keyValue("staff");
            js.publish("orders.new.before", bytes("counted before the mark"));

            StreamWrites before = StreamWrites.mark(nats);
            js.publish("orders.new.a", bytes("a"));
            orders.put("a", bytes("RECEIVED"));
            orders.put("a", bytes("QUEUED")); // replaces the first: a history of one, yet two writes
            staff.put("gino", bytes("heartbeat"));
            jsm.purgeStream("ORDERS"); // as a work queue drops acknowledged orders
            StreamWrites.Writes writes = StreamWrites.mark(nats).since(before);

            assertEquals(Map.of("ORDERS", 1L, "KV_orders", 2L, "KV_staff (memory)", 1L), writes.perStream());
            assertEquals(3, writes.durable());
            assertEquals(1.5, writes.durablePer(2));
        }
    }

    @Test
    void spansPerOrderCountsWholeTracesOfTheMeasuredOrdersOnly() {
        List<KeptSpan> spans = List.of(span("t1", "o1"), span("t1", null), span("t1", null), span("t2", "o2"),
                span("t3", "other"), span("t3", null));
        assertEquals(2.0, KitchenBench.spansPerOrder(spans, List.of("o1", "o2"), 2));
    }

    private static KeptSpan span(String trace, String orderId) {
        return new KeptSpan(trace, "s", null, "span", "INTERNAL", "maestro", 0, 1,
                orderId == null ? Map.of() : Map.of("boxbox.order_id", orderId), List.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
