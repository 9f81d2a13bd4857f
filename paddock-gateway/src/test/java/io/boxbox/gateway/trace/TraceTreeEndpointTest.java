package io.boxbox.gateway.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.pacchetto.telemetry.TraceKeeper;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /v1/traces/{trace_id}: spans of two services exported over OTLP/gRPC to a real trace keeper,
 * which appends them to its file; the gateway reads that file and answers the tree.
 */
@MicronautTest
class TraceTreeEndpointTest extends GatewayOnPrivateNats {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER = "00f067aa0ba902b74bf92f3577b34da6";
    private static final long T0 = 1_764_676_800_000_000_000L;

    private final ObjectMapper json = new ObjectMapper();
    private TraceKeeper keeper;
    private Path file;

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        try {
            file = Files.createTempFile("traces", ".jsonl");
            keeper = TraceKeeper.start("127.0.0.1", 0, Optional.of(file));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("boxbox.traces.file", file.toString());
    }

    @AfterAll
    void stopKeeper() throws Exception {
        keeper.close();
        Files.deleteIfExists(file);
    }

    @Test
    void aTraceOfTwoServicesComesBackAsATree() throws Exception {
        export("paddock-gateway", span(TRACE, "01", null, "POST /v1/order", 0, 180, Map.of("boxbox.order_id", "o-1")));
        export("maestro", span(TRACE, "02", "01", "process orders.new", 150, 4_000, Map.of("boxbox.person", "Mattia")),
                span(TRACE, "03", "02", "wait for dough", 300, 900,
                        Map.of("boxbox.wait.reason", "Gino asleep until 12:00 (oversleep)")),
                span(OTHER, "04", null, "GET /v1/menu", 0, 5, Map.of()));

        JsonNode tree = json.readTree(ok("/v1/traces/" + TRACE));
        assertEquals(TRACE, tree.get("trace_id").asText());
        assertEquals(3, tree.get("span_count").asInt(), "the other trace's span is not in it");
        assertEquals("[\"maestro\",\"paddock-gateway\"]", tree.get("services").toString());
        JsonNode root = tree.get("roots").get(0);
        assertEquals(1, tree.get("roots").size());
        assertEquals("POST /v1/order", root.get("name").asText());
        assertEquals(180.0, root.get("duration_ms").asDouble(), 1e-6);
        JsonNode process = root.get("children").get(0);
        assertEquals("Mattia", process.get("person").asText());
        assertEquals(150.0, process.get("start_offset_ms").asDouble(), 1e-6);
        JsonNode wait = process.get("children").get(0);
        assertEquals("wait for dough", wait.get("name").asText());
        assertTrue(wait.get("wait_reason").asText().contains("oversleep"));
        assertEquals(0, wait.get("children").size());
    }

    @Test
    void anUnknownTraceIs404AndAMalformedId400() throws Exception {
        HttpResponse<String> unknown = GatewayTestSupport.fetch(server.getURI(), "/v1/traces/" + "ab".repeat(16));
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
        for (String bad : new String[]{"xyz", "4BF92F3577B34DA6A3CE929D0E0E4736", "0".repeat(32), "ab".repeat(17)}) {
            HttpResponse<String> malformed = GatewayTestSupport.fetch(server.getURI(), "/v1/traces/" + bad);
            assertEquals(400, malformed.statusCode(), bad + ": " + malformed.body());
            assertEquals("trace_id", json.readTree(malformed.body()).get("errors").get(0).get("field").asText());
        }
    }

    private String ok(String path) throws Exception {
        HttpResponse<String> response = GatewayTestSupport.fetch(server.getURI(), path);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private void export(String service, Span... spans) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", keeper.port()).usePlaintext().build();
        try {
            TraceServiceGrpc.newBlockingStub(channel).export(ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(ResourceSpans.newBuilder()
                            .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)))
                            .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(java.util.List.of(spans))))
                    .build());
        } finally {
            channel.shutdownNow();
        }
    }

    private static Span span(String trace, String id, String parent, String name, long startMs, long durationMs,
                             Map<String, String> attributes) {
        HexFormat hex = HexFormat.of();
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex(trace)))
                .setSpanId(ByteString.copyFrom(hex.parseHex("00000000000000" + id)))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(T0 + startMs * 1_000_000)
                .setEndTimeUnixNano(T0 + (startMs + durationMs) * 1_000_000);
        if (parent != null) {
            span.setParentSpanId(ByteString.copyFrom(hex.parseHex("00000000000000" + parent)));
        }
        attributes.forEach((k, v) -> span.addAttributes(attribute(k, v)));
        return span.build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
