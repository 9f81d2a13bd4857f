package io.boxbox.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compose Prometheus and Grafana: prometheus.yml scrapes every replica of every service on the
 * agent's metrics port, and each dashboard parses, reads the provisioned datasource, and charts
 * only metrics the services export, grouped by labels those metrics have. (deploy/check.sh also
 * runs every query through a real Prometheus, which parses PromQL.)
 */
class GrafanaDashboardTest {

    private static final Repository REPO = Repository.locate();

    /**
     * The metrics the services export (through the OpenTelemetry agent's Prometheus exporter, in
     * Prometheus naming) and their own labels; every series also has job and instance (the scrape)
     * and the resource's service_name / service_instance_id via target_info.
     */
    static final Map<String, Set<String>> METRICS = Map.of(
            "boxbox_orders_total", Set.of("state"),
            "boxbox_stage_duration_seconds_bucket", Set.of("stage", "le"),
            "boxbox_stage_duration_seconds_sum", Set.of("stage"),
            "boxbox_stage_duration_seconds_count", Set.of("stage"),
            "boxbox_queue_backlog", Set.of("order_type"),
            "boxbox_crew_absences_total", Set.of("service", "kind"),
            "boxbox_mishaps_total", Set.of("service", "kind"),
            "target_info", Set.of("service_name", "service_instance_id"),
            "up", Set.of());
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

    private static final Set<String> PROMQL_WORDS = Set.of("bool", "offset", "and", "or", "unless", "inf", "nan");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void prometheusScrapesEveryComposeReplicaOnTheMetricsPort() {
        Map<String, Object> compose = REPO.yaml("docker-compose.yml");
        Map<String, Object> services = Repository.get(compose, "services");
        Set<String> replicas = new TreeSet<>();
        services.forEach((name, service) -> {
            Map<String, Object> env = Repository.get(service, "environment");
            if (env != null && env.containsKey("OTEL_SERVICE_NAME")) {
                String host = Repository.get(service, "hostname");
                replicas.add(host + ":" + env.get("OTEL_EXPORTER_PROMETHEUS_PORT"));
            }
        });
        assertEquals(10, replicas.size(), "two replicas of five services: " + replicas);

        Map<String, Object> prometheus = REPO.yaml("deploy/prometheus/prometheus.yml");
        Set<String> targets = new TreeSet<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            if ("prometheus".equals(Repository.get(job, "job_name"))) {
                continue;
            }
            for (Object config : (List<?>) Repository.get(job, "static_configs")) {
                for (Object target : (List<?>) Repository.get(config, "targets")) {
                    targets.add(String.valueOf(target));
                    String service = String.valueOf(target).replaceAll("-\\d+:\\d+$", "");
                    assertEquals(service, Repository.get(job, "job_name"), target + " belongs in its service's job");
                }
            }
        }
        assertEquals(replicas, targets, "deploy/prometheus/prometheus.yml against docker-compose.yml");
    }

    @Test
    void everyDashboardReadsTheProvisionedDatasourceAndChartsKnownMetrics() throws IOException {
        String uid = provisionedDatasourceUid();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(REPO.path("deploy/grafana/dashboards"))) {
            dashboards = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertFalse(dashboards.isEmpty(), "no dashboard in deploy/grafana/dashboards");
        for (Path file : dashboards) {
            JsonNode dashboard = json.readTree(Files.readString(file));
            assertTrue(dashboard.path("uid").isString() && !dashboard.path("uid").asString().isEmpty(), file + ": a uid");
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(dashboard.path("panels"), panels);
            assertFalse(panels.isEmpty(), file + ": no panels");
            Set<String> charted = new HashSet<>();
            for (JsonNode panel : panels) {
                String title = file.getFileName() + " panel \"" + panel.path("title").asString() + "\"";
                assertEquals(uid, panel.path("datasource").path("uid").asString(), title + " datasource");
                assertFalse(panel.path("targets").isEmpty(), title + ": no queries");
                for (JsonNode target : panel.path("targets")) {
                    assertEquals(uid, target.path("datasource").path("uid").asString(), title + " query datasource");
                    charted.addAll(checkExpression(title, target.path("expr").asString(), target.path("legendFormat").asString()));
                }
            }
            for (String metric : List.of("boxbox_orders_total", "boxbox_stage_duration_seconds_bucket", "boxbox_queue_backlog",
                    "boxbox_crew_absences_total", "boxbox_mishaps_total")) {
                assertTrue(charted.contains(metric), file + " charts " + metric);
            }
        }
    }

    @Test
    void anUnknownMetricOrLabelIsFound() {
        assertThrows("boxbox_order_total", () -> checkExpression("t", "sum(rate(boxbox_order_total[5m]))", ""));
        assertThrows("label stage", () -> checkExpression("t", "sum by (stage) (boxbox_queue_backlog)", ""));
        assertThrows("legend", () -> checkExpression("t", "sum by (state) (rate(boxbox_orders_total[5m]))", "{{kind}}"));
        assertEquals(Set.of("boxbox_orders_total"), checkExpression("t", "sum by (state, job) (rate(boxbox_orders_total{state!=\"x\"}[$__rate_interval]))", "{{state}}"));
    }

    /** The metrics EXPR reads; fails when one is unknown or it groups by a label they lack. */
    static Set<String> checkExpression(String where, String expr, String legend) {
        assertFalse(expr.isBlank(), where + ": an empty query");
        Set<String> grouped = new HashSet<>();
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(2).split(",")) {
                if (!label.isBlank()) {
                    grouped.add(label.strip());
                }
            }
        }
        // What is left once label lists, matchers, strings, durations, variables and numbers are out:
        // function names (followed by "(") and metric names.
        String bare = GROUPING.matcher(expr).replaceAll(" ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\$\\{?\\w+}?", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\b", " ");
        Set<String> metrics = new HashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group();
            boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
            if (!function && !PROMQL_WORDS.contains(word.toLowerCase())) {
                metrics.add(word);
            }
        }
        assertFalse(metrics.isEmpty(), where + ": no metric in " + expr);
        Set<String> labels = new HashSet<>(SCRAPE_LABELS);
        for (String metric : metrics) {
            assertTrue(METRICS.containsKey(metric), where + ": unknown metric " + metric + " in " + expr + " (known: " + METRICS.keySet() + ")");
            labels.addAll(METRICS.get(metric));
        }
        for (String label : grouped) {
            assertTrue(labels.contains(label), where + ": label " + label + " is not one of " + metrics + "'s " + labels);
        }
        Matcher legendLabel = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(legend);
        while (legendLabel.find()) {
            assertTrue(grouped.isEmpty() || grouped.contains(legendLabel.group(1)),
                    where + ": legend {{" + legendLabel.group(1) + "}} is not a label the query keeps " + grouped);
        }
        return metrics;
    }

    private String provisionedDatasourceUid() {
        Map<String, Object> provisioning = REPO.yaml("deploy/grafana/provisioning/datasources/prometheus.yaml");
        List<?> datasources = (List<?>) provisioning.get("datasources");
        assertEquals(1, datasources.size());
        assertEquals("http://prometheus:9090", Repository.get(datasources.getFirst(), "url"), "the compose Prometheus");
        return Repository.get(datasources.getFirst(), "uid");
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asString())) {
                collectPanels(panel.path("panels"), into);
            } else {
                into.add(panel);
            }
        }
    }

    private static void assertThrows(String mentioned, org.junit.jupiter.api.function.Executable check) {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, check);
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }
}
