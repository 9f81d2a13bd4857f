package io.boxbox.pacchetto.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal OTLP/gRPC trace receiver. {@code ./boxbox up} runs one when no collector or Jaeger is
 * configured, so {@code ./boxbox trace <order_id>} can still show where an order's time went; the
 * trace tests run one in-process and check what the agents really sent.
 * Usage: {@code TraceKeeper --port 14317 --file logs/traces.jsonl}.
 */
public final class TraceKeeper extends TraceServiceGrpc.TraceServiceImplBase implements AutoCloseable {

    private final List<KeptSpan> spans = new ArrayList<>();
    private final boolean keeping;
    private long received;
    private final ObjectMapper json = new ObjectMapper();
    private final BufferedWriter journal;
    private final Server server;

    private TraceKeeper(String host, int port, Optional<Path> journalFile, boolean keeping) throws IOException {
        this.keeping = keeping;
        this.journal = journalFile.isPresent()
                ? Files.newBufferedWriter(journalFile.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)
                : null;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).addService(this).build().start();
    }

    public static TraceKeeper start(String host, int port, Optional<Path> journalFile) throws IOException {
        return new TraceKeeper(host, port, journalFile, true);
    }

    /**
     * A keeper that only counts the spans it is sent. A benchmark beside the service it measures
     * wants the agent's export to cost the service what it costs in production, but not hundreds
     * of thousands of kept spans whose collection competes with that service for the CPU.
     */
    public static TraceKeeper counting(String host, int port) throws IOException {
        return new TraceKeeper(host, port, Optional.empty(), false);
    }

    /** How many spans were sent here so far, kept or only counted. */
    public synchronized long received() {
        return received;
    }

    public int port() {
        return server.getPort();
    }

    public synchronized List<KeptSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
        if (!keeping) {
            long count = request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                    .mapToLong(ScopeSpans::getSpansCount).sum();
            synchronized (this) {
                received += count;
            }
            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
            response.onCompleted();
            return;
        }
        List<KeptSpan> received = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    received.add(keep(service, span));
                }
            }
        }
        synchronized (this) {
            this.received += received.size();
            spans.addAll(received);
            if (journal != null) {
                try {
                    for (KeptSpan span : received) {
                        journal.write(json.writeValueAsString(span));
                        journal.newLine();
                    }
                    journal.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
        response.onCompleted();
    }

    private static KeptSpan keep(String service, Span span) {
        HexFormat hex = HexFormat.of();
        List<String> events = span.getEventsList().stream().map(Span.Event::getName).toList();
        return new KeptSpan(hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                span.getParentSpanId().isEmpty() ? null : hex.formatHex(span.getParentSpanId().toByteArray()),
                span.getName(), span.getKind().name().replace("SPAN_KIND_", ""), service,
                span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), attributes(span.getAttributesList()), events);
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue kv : keyValues) {
            AnyValue value = kv.getValue();
            attributes.put(kv.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                default -> value.toString().strip();
            });
        }
        return attributes;
    }

    @Override
    public void close() throws IOException {
        server.shutdownNow();
        if (journal != null) {
            journal.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 14317;
        String host = "127.0.0.1";
        Path file = Path.of("traces.jsonl");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--host" -> host = args[i + 1];
                case "--file" -> file = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (TraceKeeper keeper = start(host, port, Optional.of(file))) {
            System.out.println("trace keeper: OTLP/gRPC on " + host + ":" + keeper.port() + ", spans to " + file);
            keeper.server.awaitTermination();
        }
    }
}
