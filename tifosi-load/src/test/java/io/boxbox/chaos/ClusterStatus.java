package io.boxbox.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./boxbox status} says, read the way a person reads it: one line per part (a unit
 * such as {@code panettiere-2}, a node {@code nats-1}), its state, and from the rest of the line
 * the calls a unit has served and, for a node, the streams it leads and the last sequence of its
 * own copy of {@code ORDERS} and {@code ORDER_EVENTS}.
 */
record ClusterStatus(String text, Map<String, Part> parts) {

    private static final Pattern CALLS = Pattern.compile("calls served (\\d+)");
    private static final Pattern LEADS = Pattern.compile("leads ([A-Z_, ]+)");
    private static final Pattern SEQ = Pattern.compile("\\b(ORDERS|ORDER_EVENTS) seq (\\d+)");

    record Part(String name, String state, String rest) {

        OptionalLong callsServed() {
            Matcher calls = CALLS.matcher(rest);
            return calls.find() ? OptionalLong.of(Long.parseLong(calls.group(1))) : OptionalLong.empty();
        }

        List<String> leads() {
            Matcher leads = LEADS.matcher(rest);
            return leads.find() ? List.of(leads.group(1).strip().split(",\\s*")) : List.of();
        }

        /** The last sequence of each order stream in this node's copy. */
        Map<String, Long> sequences() {
            Map<String, Long> sequences = new LinkedHashMap<>();
            Matcher seq = SEQ.matcher(rest);
            while (seq.find()) {
                sequences.put(seq.group(1), Long.parseLong(seq.group(2)));
            }
            return sequences;
        }
    }

    static ClusterStatus parse(String text) {
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String[] columns = line.strip().split("\\s+", 4);
            if (columns.length >= 3 && !columns[0].equals("PART") && columns[1].matches("\\d+|-")) {
                parts.put(columns[0], new Part(columns[0], columns[2], columns.length == 4 ? columns[3] : ""));
            }
        }
        return new ClusterStatus(text, parts);
    }

    String state(String part) {
        Part found = parts.get(part);
        return found == null ? "absent" : found.state();
    }

    OptionalLong callsServed(String unit) {
        Part found = parts.get(unit);
        return found == null ? OptionalLong.empty() : found.callsServed();
    }

    Part part(String name) {
        Part found = parts.get(name);
        if (found == null) {
            throw new IllegalStateException("./boxbox status has no line for " + name + ":\n" + text);
        }
        return found;
    }
}
