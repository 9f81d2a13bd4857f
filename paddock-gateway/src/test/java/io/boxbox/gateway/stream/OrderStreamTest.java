package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.gateway.tracking.SseFrames;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SSE as a browser's EventSource uses it, read frame by frame over real HTTP: ids are stream
 * sequences, Last-Event-ID resumes with no gap and no repeat, a finished order ends the stream
 * (and, once its last event was seen, answers 204 so EventSource stops reconnecting), and a
 * client that stops reading is dropped after a bounded buffer.
 */
@MicronautTest
class OrderStreamTest extends GatewayOnPrivateNats {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final int BUFFER = 16;

    private final ObjectMapper json = new ObjectMapper();
    private Connection publisher;

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.sse.buffer", Integer.toString(BUFFER), "boxbox.rate-limit.enabled", "false");
    }

    @BeforeAll
    void connect() throws Exception {
        publisher = Nats.connect(nats.url());
    }

    @AfterAll
    void disconnect() throws Exception {
        publisher.close();
    }

    @Test
    void aResumedStreamStartsRightAfterTheLastEventIdAndEndsWithTheOrder() throws Exception {
        String orderId = placeOrder();
        publishEvent(orderId, "QUEUED", "");
        long seen = publishEvent(orderId, "WAITING_FOR_DOUGH", "");
        long next = publishEvent(orderId, "MAKING_DOUGH", "");

        try (SseFrames sse = new SseFrames(stream(orderId), Long.toString(seen))) {
            SseFrames.Frame first = sse.next("state", WITHIN);
            assertEquals(Long.toString(next), first.id(), "the first frame is the one after Last-Event-ID");
            assertEquals("MAKING_DOUGH", json.readTree(first.data()).get("state").asText());
            long end = publishEvent(orderId, "CANCELLED", "");
            SseFrames.Frame last = sse.next("state", WITHIN);
            assertEquals(Long.toString(end), last.id());
            assertEquals(SseFrames.END, sse.next("end", WITHIN), "the stream ends at the final state");
        }
    }

    @Test
    void aFinishedOrderSendsItsWholeHistoryThenWhatFollowsAnIdThenNothing() throws Exception {
        String orderId = placeOrder();
        long middle = publishEvent(orderId, "QUEUED", "");
        long end = publishEvent(orderId, "CANCELLED", "");

        List<String> all = ids(new SseFrames(stream(orderId)));
        assertEquals(3, all.size(), "RECEIVED, QUEUED, CANCELLED: " + all);
        assertEquals(List.of(Long.toString(middle), Long.toString(end)), all.subList(1, 3));

        assertEquals(List.of(Long.toString(end)), ids(new SseFrames(stream(orderId), Long.toString(middle))));

        HttpResponse<String> nothingFollows = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream(orderId))
                .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(end)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, nothingFollows.statusCode(), nothingFollows.body());
    }

    @Test
    void theHistoryAndTheFramesShowTheEventWithItsSequenceAndWithoutASnapshot() throws Exception {
        String orderId = placeOrder();
        JsonNode history = json.readTree(GatewayTestSupport.fetch(server.getURI(), "/v1/order/" + orderId + "/history").body());
        JsonNode received = history.get("events").get(0);
        assertEquals("RECEIVED", received.get("state").asText());
        assertTrue(received.get("seq").asLong() > 0, received.toString());
        assertTrue(!received.has("snapshot"), received.toString());
        assertTrue(received.path("order_number").asText().matches("BB-\\d{8}-\\d{4,}"),
                "the order's number is kept from the snapshot: " + received);
        try (SseFrames sse = new SseFrames(stream(orderId))) {
            SseFrames.Frame frame = sse.next("state", WITHIN);
            assertEquals(received.get("seq").asText(), frame.id());
            assertEquals(received, json.readTree(frame.data()), "the frame is the history entry, number included");
        }
    }

    @Test
    void theFirehoseResumesAcrossOrdersWithNoGapAndNoRepeat() throws Exception {
        String one = placeOrder();
        String two = placeOrder();
        long seen = publishEvent(one, "QUEUED", "");
        List<Long> expected = new ArrayList<>();
        expected.add(publishEvent(two, "QUEUED", ""));
        expected.add(publishEvent(one, "WAITING_FOR_DOUGH", ""));
        expected.add(publishEvent(two, "WAITING_FOR_DOUGH", ""));

        try (SseFrames sse = new SseFrames(server.getURI().resolve("/v1/order/sse"), Long.toString(seen))) {
            for (long sequence : expected) {
                assertEquals(Long.toString(sequence), sse.next("state", WITHIN).id());
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterABoundedBuffer() throws Exception {
        String detail = "x".repeat(4_000);
        int events = 3_000; // ~12 MB: more than any socket buffer holds, far more than BUFFER frames
        // Resuming from the stream's current end, the client gets every event published below,
        // whenever its consumer starts.
        long from = publisher.jetStreamManagement().getStreamInfo(Topology.EVENTS_STREAM).getStreamState().getLastSequence();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4_096);
            socket.connect(new java.net.InetSocketAddress(server.getHost(), server.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/order/sse HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nLast-Event-ID: "
                    + from + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

            String orderId = "00000000-0000-4000-8000-000000000001";
            JetStream js = publisher.jetStream();
            for (int i = 0; i < events; i++) {
                js.publishAsync(Topology.eventSubject(orderId), eventJson(orderId, "QUEUED", detail));
            }
            publisher.flush(Duration.ofSeconds(10));

            // Now read: a dropped client finds the end of the stream before all the events.
            socket.setSoTimeout((int) WITHIN.toMillis());
            int frames = 0;
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event: state") || line.startsWith("event:state")) {
                        frames++;
                    }
                }
            } catch (SocketTimeoutException stillOpen) {
                fail("the slow client was kept (and buffered) instead of dropped; it had read " + frames + " frames");
            }
            assertTrue(frames < events, "dropped before the end: " + frames);
        }
        assertEquals(200, GatewayTestSupport.fetch(server.getURI(), "/healthz").statusCode(), "the gateway is fine");
    }

    private List<String> ids(SseFrames sse) throws Exception {
        try (sse) {
            List<String> ids = new ArrayList<>();
            for (SseFrames.Frame frame = sse.next("state", WITHIN); frame != SseFrames.END; frame = sse.next("state", WITHIN)) {
                ids.add(frame.id());
            }
            return ids;
        }
    }

    private URI stream(String orderId) {
        return server.getURI().resolve("/v1/order/" + orderId + "/sse");
    }

    private String placeOrder() throws Exception {
        HttpResponse<String> response = GatewayTestSupport.post(server.getURI(), GatewayTestSupport.VALID_ORDER, null);
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body()).get("order_id").asText();
    }

    /** What a maestro would record, appended to the order's journal; returns its stream sequence. */
    private long publishEvent(String orderId, String state, String detail) throws Exception {
        new StandInMaestro(publisher, JsonConventions.apply(new ObjectMapper())).record(orderId, OrderState.valueOf(state),
                "test", detail);
        return publisher.jetStreamManagement().getLastMessage(Topology.EVENTS_STREAM, Topology.eventSubject(orderId)).getSeq();
    }

    /** A bare event on a subject no order owns: only the firehose reads it. */
    private byte[] eventJson(String orderId, String state, String detail) throws Exception {
        return json.writeValueAsBytes(Map.of("order_id", orderId, "state", state, "at", Instant.now().toString(),
                "actor", "test", "instance", "test", "detail", detail, "attempt", 1, "revision", 1));
    }
}
