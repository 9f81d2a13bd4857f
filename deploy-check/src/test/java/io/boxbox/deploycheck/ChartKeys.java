package io.boxbox.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Helm chart's documented value keys (deploy/kubernetes/nats-chart-keys.txt) and the check of a
 * values file against them. Helm accepts any key and ignores one the chart does not read, so a
 * misspelt {@code fileStorage} would silently install the chart's defaults.
 * <p>
 * Lines are dotted key paths: {@code a.b} a value, {@code a.b.*} anything below a.b (a free-form
 * NATS config, Kubernetes object or map that the chart passes on), {@code a.b[]} a list.
 */
final class ChartKeys {

    private final Set<String> exact;
    private final Set<String> freeForm;
    private final Set<String> lists;

    ChartKeys(String list) {
        List<String> lines = list.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        exact = lines.stream().filter(l -> !l.endsWith(".*") && !l.endsWith("[]")).collect(Collectors.toSet());
        freeForm = lines.stream().filter(l -> l.endsWith(".*")).map(l -> l.substring(0, l.length() - 2)).collect(Collectors.toSet());
        lists = lines.stream().filter(l -> l.endsWith("[]")).map(l -> l.substring(0, l.length() - 2)).collect(Collectors.toSet());
    }

    /** Every key path of VALUES the list does not document; empty when all are. */
    List<String> undocumented(Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        walk("", values, out);
        return out;
    }

    private void walk(String prefix, Object node, List<String> out) {
        if (!prefix.isEmpty() && freeForm.contains(prefix)) {
            return;
        }
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, value) -> walk(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, out));
        } else if (node instanceof List<?>) {
            if (!lists.contains(prefix)) {
                out.add(prefix + " (a list)");
            }
        } else if (!exact.contains(prefix)) {
            out.add(prefix);
        }
    }
}
