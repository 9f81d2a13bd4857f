package io.boxbox.chaos;

import io.boxbox.pacchetto.order.OrderState;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the audit found: one line per finding, then the record of every order with a finding, then
 * the summary (last, so it is what a terminal shows).
 *
 * @param accepted         orders the load client got a 202 for
 * @param recorded         orders with at least one event on the stream
 * @param unanswered       recorded orders the client never got a 202 for (the gateway died or the
 *                         broker's acknowledgement was late; the client gave up): audited like the
 *                         rest, not a finding by themselves
 * @param burnt            REMAKING events of burnt pizzas
 * @param explainedRemakes doughs or pizzas made again after a kill of the process that held them
 */
public record AuditReport(int accepted, int recorded, int unanswered, Map<OrderState, Integer> ends, int burnt,
                          int explainedRemakes, List<Fault> faults, List<Finding> findings) {

    public AuditReport {
        ends = ends.isEmpty() ? Map.of() : new EnumMap<>(ends);
        faults = List.copyOf(faults);
        findings = List.copyOf(findings);
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    /** How many findings of each kind. */
    public Map<Finding.Kind, Long> counts() {
        return findings.stream().collect(Collectors.groupingBy(Finding::kind, TreeMap::new, Collectors.counting()));
    }

    public void print(PrintStream out) {
        out.println("== audit of ORDER_EVENTS: " + findings.size() + " finding(s)");
        findings.forEach(f -> out.println(f.line()));
        Map<String, List<RecordedEvent>> violated = new LinkedHashMap<>();
        findings.forEach(f -> violated.putIfAbsent(f.orderId(), f.history()));
        violated.forEach((orderId, history) -> {
            out.println("-- " + orderId + " (" + history.size() + " events)");
            if (history.isEmpty()) {
                out.println("   (no event on the stream)");
            }
            history.forEach(e -> out.println("   " + e.line()));
        });
        out.println(summary());
    }

    public String summary() {
        return String.format("== chaos audit %s: %d accepted (202), %d recorded (%d never answered 202), ends %s; "
                        + "%d burnt, %d remade after a kill; faults: %s; findings: %s",
                clean() ? "CLEAN" : "NOT CLEAN", accepted, recorded, unanswered, ends, burnt, explainedRemakes,
                faults.stream().map(f -> (f.kind() == Fault.Kind.KILL ? "kill " : "restart ") + f.target())
                        .collect(Collectors.joining(", ")),
                clean() ? "none" : counts());
    }
}
