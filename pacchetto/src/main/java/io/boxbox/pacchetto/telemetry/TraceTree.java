package io.boxbox.pacchetto.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the trace of one order as an indented tree with durations, from the spans the trace
 * keeper stored: {@code TraceTree <traces.jsonl> <order_id>}. Used by {@code ./boxbox trace}.
 */
public final class TraceTree {

    private final List<KeptSpan> spans;

    public TraceTree(List<KeptSpan> spans) {
        this.spans = spans;
    }

    /** The ids of the traces that carry this order. */
    public Set<String> tracesOf(String orderId) {
        return spans.stream().filter(s -> orderId.equals(s.attribute(Telemetry.ORDER_ID.getKey())))
                .map(KeptSpan::traceId).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** A span and the spans it started, in start order. */
    public record Node(KeptSpan span, List<Node> children) {
    }

    /**
     * The spans of one trace as a tree, roots in start order. A span whose parent is not here (not
     * exported yet, or from a service exporting elsewhere) is a root of its own.
     */
    public List<Node> tree(String traceId) {
        List<KeptSpan> trace = spans.stream().filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(KeptSpan::startNanos)).toList();
        Set<String> ids = trace.stream().map(KeptSpan::spanId).collect(Collectors.toSet());
        Map<String, List<KeptSpan>> children = trace.stream().filter(s -> s.parentSpanId() != null)
                .collect(Collectors.groupingBy(KeptSpan::parentSpanId));
        List<Node> roots = new ArrayList<>();
        for (KeptSpan root : trace) {
            if (root.parentSpanId() == null || !ids.contains(root.parentSpanId())) {
                roots.add(node(root, children));
            }
        }
        return roots;
    }

    private static Node node(KeptSpan span, Map<String, List<KeptSpan>> children) {
        return new Node(span, children.getOrDefault(span.spanId(), List.of()).stream().map(c -> node(c, children)).toList());
    }

    public void print(String traceId, PrintStream out) {
        List<Node> roots = tree(traceId);
        long origin = spans.stream().filter(s -> s.traceId().equals(traceId)).mapToLong(KeptSpan::startNanos).min().orElse(0);
        for (Node root : roots) {
            print(root, origin, "", out);
        }
    }

    private void print(Node node, long origin, String indent, PrintStream out) {
        KeptSpan span = node.span();
        StringBuilder line = new StringBuilder(indent)
                .append(String.format("%-" + Math.max(1, 48 - indent.length()) + "s", span.name()))
                .append(String.format(" %-16s +%8.1f ms %9.1f ms", span.service(), (span.startNanos() - origin) / 1e6,
                        span.durationMicros() / 1e3));
        String person = span.attribute(Telemetry.PERSON.getKey());
        if (person != null) {
            line.append("  by ").append(person);
        }
        String reason = span.attribute(Telemetry.WAIT_REASON.getKey());
        if (reason != null) {
            line.append("  — ").append(reason);
        }
        // gRPC's per-message events say nothing a person reading the tree needs
        List<String> events = span.events().stream().filter(e -> !e.equals("message")).toList();
        if (!events.isEmpty()) {
            line.append("  ").append(events);
        }
        out.println(line);
        for (Node child : node.children()) {
            print(child, origin, indent + "  ", out);
        }
    }

    public static List<KeptSpan> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<KeptSpan> spans = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                spans.add(json.readValue(line, KeptSpan.class));
            }
        }
        return spans;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TraceTree <traces.jsonl> <order_id>");
            System.exit(2);
        }
        TraceTree tree = new TraceTree(read(Path.of(args[0])));
        Set<String> traces = tree.tracesOf(args[1]);
        if (traces.isEmpty()) {
            System.err.println("no spans for order " + args[1] + " yet (spans are exported every few seconds)");
            System.exit(1);
        }
        for (String traceId : traces) {
            System.out.println("trace " + traceId);
            tree.print(traceId, System.out);
        }
    }
}
