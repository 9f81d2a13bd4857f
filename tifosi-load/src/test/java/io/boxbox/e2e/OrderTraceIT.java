package io.boxbox.e2e;

import io.boxbox.pacchetto.telemetry.KeptSpan;
import io.boxbox.pacchetto.telemetry.TraceKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One order, one trace: every service runs with the real OpenTelemetry Java agent, exporting to a
 * receiver in this test built from the published OTLP proto and gRPC stubs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderTraceIT {

    private static final Set<String> SERVICES = Set.of("paddock-gateway", "maestro", "panettiere", "chef-sim", "driver-sim");
    private static final String FIX_PUBLISHED = "publish boxbox/drivers/{driver_id}/location";
    private static final String FIX_PROCESSED = "process boxbox/drivers/{driver_id}/location";

    private TraceKeeper receiver;
    private Mesh mesh;
    private PaddockClient paddock;

    @BeforeAll
    void start() throws Exception {
        receiver = TraceKeeper.start("127.0.0.1", 0, Optional.empty());
        mesh = Mesh.startTraced(Mesh.CALM_KITCHEN, receiver.port());
        paddock = new PaddockClient(mesh);
    }

    @AfterAll
    void stop() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
        receiver.close();
    }

    @Test
    void anOrderIsOneTraceAcrossAllFiveServicesWithTheWaitForASleepingPanettiere() throws Exception {
        HttpResponse<String> asleep = paddock.post("/admin/v1/crew/panettiere/absence", "{\"kind\":\"ASLEEP\",\"duration_s\":400}");
        assertEquals(200, asleep.statusCode(), asleep.body());
        String orderId = paddock.placeDelivery("charles", "ferrari_garage");
        var snapshot = paddock.awaitTerminal(orderId, Duration.ofSeconds(90));
        assertEquals("DELIVERED", snapshot.get("state").asText());

        List<KeptSpan> trace = awaitTrace(orderId);
        String traceId = trace.getFirst().traceId();
        assertEquals(traceId, snapshot.get("trace_id").asText(), "the snapshot names the trace");
        assertTrue(snapshot.get("trace_url").asText().endsWith("/trace/" + traceId));

        // one trace per order: every span that names the order is in this trace
        assertEquals(Set.of(traceId), receiver.spans().stream()
                .filter(s -> orderId.equals(s.attribute("boxbox.order_id"))).map(KeptSpan::traceId).collect(Collectors.toSet()));
        assertEquals(SERVICES, trace.stream().map(KeptSpan::service).collect(Collectors.toSet()));

        Map<String, KeptSpan> byId = trace.stream().collect(Collectors.toMap(KeptSpan::spanId, Function.identity()));
        KeptSpan publish = only(trace, s -> s.name().equals("publish orders.new") && s.service().equals("paddock-gateway"));
        KeptSpan process = only(trace, s -> s.name().equals("process orders.new") && s.service().equals("maestro"));
        assertTrue(ancestors(process, byId).contains(publish), "the maestro's work descends from the gateway's publish");
        assertEquals("PRODUCER", publish.kind());
        assertEquals("CONSUMER", process.kind());

        // every gRPC server span in the kitchen has a maestro client span as its parent
        List<KeptSpan> servers = trace.stream().filter(s -> s.kind().equals("SERVER") && !s.service().equals("paddock-gateway")).toList();
        assertTrue(servers.stream().map(KeptSpan::service).collect(Collectors.toSet())
                .containsAll(Set.of("panettiere", "chef-sim", "driver-sim")), servers.toString());
        for (KeptSpan server : servers) {
            KeptSpan client = byId.get(server.parentSpanId());
            assertTrue(client != null && client.kind().equals("CLIENT") && client.service().equals("maestro")
                    && client.name().equals(server.name()), "client/server pair for " + server.name());
            assertTrue(ancestors(client, byId).contains(process));
        }
        KeptSpan cook = only(servers, s -> s.name().endsWith("ChefService/Cook"));
        assertTrue(cook.attribute("boxbox.person") != null, "the chef who cooked is on the span");

        // every GPS fix is published in the delivery's trace, and the gateway's relay of it follows from it
        KeptSpan deliver = only(servers, s -> s.name().endsWith("DriverService/Deliver"));
        List<KeptSpan> fixes = trace.stream().filter(s -> s.name().equals(FIX_PUBLISHED)).toList();
        assertTrue(fixes.size() >= 3, () -> "fix spans: " + fixes);
        for (KeptSpan fix : fixes) {
            assertEquals("PRODUCER", fix.kind());
            assertEquals(deliver.spanId(), fix.parentSpanId(), "a fix is a child of the delivery");
            assertEquals(orderId, fix.attribute("boxbox.order_id"));
        }
        List<KeptSpan> relays = awaitSpans(traceId, FIX_PROCESSED);
        Set<String> fixIds = fixes.stream().map(KeptSpan::spanId).collect(Collectors.toSet());
        for (KeptSpan relay : relays) {
            assertEquals("paddock-gateway", relay.service());
            assertEquals("CONSUMER", relay.kind());
            assertTrue(fixIds.contains(relay.parentSpanId()), "the gateway's span is a child of the device's publish");
        }

        KeptSpan wait = only(trace, s -> s.name().equals("wait for dough"));
        assertTrue(wait.attribute("boxbox.wait.reason").contains("asleep"), wait.attributes().toString());
        assertTrue(wait.durationMicros() > 0);
        assertTrue(ancestors(wait, byId).contains(process));
    }

    private List<KeptSpan> awaitTrace(String orderId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<KeptSpan> trace = List.of();
        while (Instant.now().isBefore(deadline)) {
            Optional<String> traceId = receiver.spans().stream().filter(s -> orderId.equals(s.attribute("boxbox.order_id")))
                    .map(KeptSpan::traceId).findFirst();
            if (traceId.isPresent()) {
                trace = receiver.spans().stream().filter(s -> s.traceId().equals(traceId.get())).toList();
                // spans arrive in batches as they end: wait for the long ones (a Deliver ends with the delivery)
                if (trace.stream().map(KeptSpan::service).collect(Collectors.toSet()).containsAll(SERVICES)
                        && trace.stream().anyMatch(s -> s.name().equals("process orders.new"))
                        && trace.stream().filter(s -> s.kind().equals("SERVER")).map(KeptSpan::service)
                        .collect(Collectors.toSet()).containsAll(Set.of("panettiere", "chef-sim", "driver-sim"))) {
                    return trace;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no complete trace for " + orderId + "; have " + trace.stream()
                .map(s -> s.service() + ":" + s.name()).toList());
    }

    /** Spans of the trace with that name; the gateway's last ones may still be on their way to the receiver. */
    private List<KeptSpan> awaitSpans(String traceId, String name) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            List<KeptSpan> found = receiver.spans().stream()
                    .filter(s -> s.traceId().equals(traceId) && s.name().equals(name)).toList();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + name + "' span in trace " + traceId);
    }

    private static KeptSpan only(List<KeptSpan> spans, java.util.function.Predicate<KeptSpan> which) {
        List<KeptSpan> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> "expected one span, found " + found.stream().map(KeptSpan::name).toList());
        return found.getFirst();
    }

    private static List<KeptSpan> ancestors(KeptSpan span, Map<String, KeptSpan> byId) {
        List<KeptSpan> chain = new java.util.ArrayList<>();
        for (KeptSpan s = byId.get(span.parentSpanId()); s != null; s = byId.get(s.parentSpanId())) {
            chain.add(s);
        }
        return chain;
    }
}
