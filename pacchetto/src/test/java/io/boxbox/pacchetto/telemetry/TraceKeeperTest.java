package io.boxbox.pacchetto.telemetry;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an agent exports over OTLP/gRPC reaches the keeper: kept for the trace tests, or only counted for a bench. */
class TraceKeeperTest {

    @Test
    void aKeeperKeepsEverySpanItIsSent() throws Exception {
        try (TraceKeeper keeper = TraceKeeper.start("127.0.0.1", 0, Optional.empty())) {
            send(keeper, "paddock-gateway", 3);
            send(keeper, "maestro", 2);
            assertEquals(5, keeper.received());
            assertEquals(5, keeper.spans().size());
            assertEquals(3, keeper.spans().stream().filter(s -> s.service().equals("paddock-gateway")).count());
        }
    }

    @Test
    void aCountingKeeperCountsTheSpansAndKeepsNone() throws Exception {
        try (TraceKeeper keeper = TraceKeeper.counting("127.0.0.1", 0)) {
            send(keeper, "paddock-gateway", 3);
            send(keeper, "paddock-gateway", 4);
            assertEquals(7, keeper.received());
            assertTrue(keeper.spans().isEmpty(), "a counting keeper holds no span");
        }
    }

    private static void send(TraceKeeper keeper, String service, int spans) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", keeper.port()).usePlaintext().build();
        try {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            IntStream.range(0, spans).forEach(i -> scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}))
                    .setName("POST /v1/order").setKind(Span.SpanKind.SPAN_KIND_SERVER)));
            TraceServiceGrpc.newBlockingStub(channel).export(ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(ResourceSpans.newBuilder()
                            .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                    .setValue(AnyValue.newBuilder().setStringValue(service))))
                            .addScopeSpans(scope))
                    .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
