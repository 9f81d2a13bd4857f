package io.boxbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run as BENCHMARKS.json (the headline keys at the top level, every detail below them)
 * and BENCHMARKS.md (the same figures for people, with the machine, the command, the date and,
 * where a target is missed, what limits it).
 */
final class BenchReport {

    /** A headline key's target (issue 14): {@code op} is one of >=, <, <=. */
    record Target(String key, String op, double bound) {
        boolean met(double value) {
            return switch (op) {
                case ">=" -> value >= bound;
                case "<" -> value < bound;
                case "<=" -> value <= bound;
                default -> throw new IllegalArgumentException(op);
            };
        }

        String text() {
            return switch (op) {
                case ">=" -> "≥ ";
                case "<=" -> "≤ ";
                default -> op + " ";
            } + fmt(bound);
        }
    }

    /** Issue 14's targets, in the order of the headline. */
    static final List<Target> TARGETS = List.of(
            new Target("intake_ratio_64", ">=", 0.15),
            new Target("intake_vs_floor_64", ">=", 0.6),
            new Target("intake_p99_ms_16", "<", 25),
            new Target("pipeline_orders_per_s", ">=", 150),
            new Target("cpu_ms_per_order", "<=", 10),
            new Target("rss_mb_max_under_load", "<=", 180),
            new Target("pss_mb_max_under_load", "<=", 150),
            new Target("start_to_healthy_s_max", "<=", 10),
            new Target("gps_p99_ms_1000", "<", 50),
            new Target("gps_max_fleet_p99_under_100ms", ">=", 5000),
            new Target("sse_watchers_p99_ms_2000", "<", 100));

    /** What each headline key means, for BENCHMARKS.md (the keys a run did not produce are left out). */
    static final Map<String, String> MEANINGS = meanings();

    /** Above this share of the machine used by others, the report says the figures are noisy. */
    static final double NOISY_OTHER_CPU_PERCENT = 5;

    private final BenchResults run;
    private final Path root;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    BenchReport(BenchResults run, Path root) {
        this.run = run;
        this.root = root;
    }

    // ---- JSON --------------------------------------------------------------------------------

    ObjectNode headline() {
        ObjectNode keys = json.createObjectNode();
        IntakeBench.Result intake = run.intake();
        KitchenBench.Result kitchen = run.kitchen();
        if (intake != null) {
            IntakeBench.Point at64 = intake.at(64);
            keys.put("intake_rps_64", round(at64.intake().perSecond(), 0));
            keys.put("raw_jetstream_rps_64", round(at64.raw().perSecond(), 0));
            keys.put("intake_ratio_64", round(at64.ratio(), 3));
            putNumber(keys, "floor_rps_64", at64.floor() == null ? Double.NaN : round(at64.floor().perSecond(), 0));
            putNumber(keys, "intake_vs_floor_64", round(at64.vsFloor(), 3));
            keys.put("intake_p99_ms_16", round(intake.at(16).intake().p99Ms(), 2));
            putNumber(keys, "intake_open_p99_ms", intake.open() == null ? Double.NaN : round(intake.open().p99Ms(), 2));
            putNumber(keys, "intake_open_rate_per_s", intake.open() == null ? Double.NaN : round(intake.open().perSecondTarget(), 0));
            putNumber(keys, "intake_client_cpu_share_64", round(IntakeBench.clientShare(at64.intake()), 3));
        } else {
            for (String key : List.of("intake_rps_64", "raw_jetstream_rps_64", "intake_ratio_64", "floor_rps_64",
                    "intake_vs_floor_64", "intake_p99_ms_16", "intake_open_p99_ms", "intake_open_rate_per_s",
                    "intake_client_cpu_share_64")) {
                keys.putNull(key);
            }
        }
        if (kitchen != null) {
            keys.put("pipeline_orders_per_s", round(kitchen.pipeline().ordersPerSecond(), 1));
            keys.put("cpu_ms_per_order", round(kitchen.pipeline().cpuMsPerOrderServices(), 2));
            keys.put("writes_per_delivered_order", round(kitchen.writesPerDeliveredOrder(), 2));
            keys.put("spans_per_order", round(kitchen.spansPerOrder(), 1));
            keys.put("rss_mb_idle_max", round(Collections.max(kitchen.rssIdleMb().values()), 1));
            keys.put("pss_mb_idle_max", round(Collections.max(kitchen.pssIdleMb().values()), 1));
            keys.put("rss_mb_max_under_load", round(Collections.max(kitchen.rssUnderLoadMb().values()), 1));
            keys.put("pss_mb_max_under_load", round(Collections.max(kitchen.pssUnderLoadMb().values()), 1));
            keys.put("start_to_healthy_s_max", round(Collections.max(kitchen.startToHealthyS().values()), 2));
            KitchenBench.HaRow ha = kitchen.ha();
            if (ha != null) {
                putNumber(keys, "pipeline_orders_per_s_ha", ha.pipeline() == null ? Double.NaN : round(ha.pipeline().ordersPerSecond(), 1));
                putNumber(keys, "cpu_ms_per_order_ha", ha.pipeline() == null ? Double.NaN : round(ha.pipeline().cpuMsPerOrderServices(), 2));
            }
        } else {
            for (String key : List.of("pipeline_orders_per_s", "cpu_ms_per_order", "writes_per_delivered_order",
                    "spans_per_order", "rss_mb_idle_max", "pss_mb_idle_max", "rss_mb_max_under_load",
                    "pss_mb_max_under_load", "start_to_healthy_s_max")) {
                keys.putNull(key);
            }
        }
        if (run.gps() != null && run.gps().measured()) {
            keys.setAll(run.gps().figures());
        } else {
            keys.putNull("gps_p99_ms_1000").putNull("gps_max_fleet_p99_under_100ms");
        }
        SseWatchersBench.Result sse = run.sse();
        putNumber(keys, "sse_watchers_p99_ms_2000", sse == null ? Double.NaN : sse.p99Ms());
        putNumber(keys, "sse_gateway_rss_mb_2000", sse == null ? Double.NaN : sse.gatewayRssMb());
        return keys;
    }

    /** Durable writes the gateway makes for one keyed order (paddock-gateway README), counter runs aside. */
    static final int WRITES_PER_KEYED_ORDER = 5;

    /** A number, or null when it is not one (a step that measured nothing there). */
    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    String toJson() throws IOException {
        ObjectNode doc = headline();
        ObjectNode targets = doc.putObject("targets");
        for (Target target : TARGETS) {
            targets.set(target.key(), target(doc, target));
        }
        ObjectNode notes = doc.putObject("notes");
        if (run.kitchen() != null && run.kitchen().ha() != null && run.kitchen().ha().note() != null) {
            notes.put("ha", run.kitchen().ha().note());
        }
        if (run.gps() != null) {
            notes.put("gps", run.gps().note());
        }
        notes.put("noise", noiseSentence());
        doc.put("date", run.date());
        doc.put("command", run.command());
        doc.set("machine", json.valueToTree(run.machine()));
        doc.set("jvm_options", json.valueToTree(run.jvmOptions()));
        doc.put("seconds", round(run.seconds(), 1));
        doc.put("other_cpu_percent", round(run.otherCpuPercent(), 1));
        if (run.sse() != null) {
            doc.set("sse", json.valueToTree(run.sse()));
        }
        if (run.intake() != null) {
            ObjectNode intake = doc.putObject("intake");
            intake.put("setup", "gateway alone (OpenTelemetry agent attached) and raw jnats publisher on one private "
                    + "nats-server -js; closed loop from wrk (intake, floor) and jnats threads (raw), streams purged "
                    + "before each run; open model from a Netty client at half the closed-loop maximum at 64");
            intake.put("queued_order_bytes_avg", round(run.intake().queuedBytes(), 0));
            intake.set("answer_bytes", json.valueToTree(run.intake().answerBytes()));
            intake.put("gateway_start_to_healthy_s", run.intake().gatewayStartToHealthyS());
            var points = intake.putArray("points");
            for (IntakeBench.Point point : run.intake().points()) {
                ObjectNode p = points.addObject();
                p.put("clients", point.clients());
                p.set("intake", loop(point.intake()));
                p.set("raw_jetstream", loop(point.raw()));
                p.put("ratio", round(point.ratio(), 3));
                if (point.floor() != null) {
                    p.set("floor", loop(point.floor()));
                    p.put("intake_vs_floor", round(point.vsFloor(), 3));
                }
                putNumber(p, "client_cpu_share", round(IntakeBench.clientShare(point.intake()), 3));
            }
            if (run.intake().withoutKey64() != null) {
                intake.set("without_idempotency_key_64", loop(run.intake().withoutKey64()));
            }
            if (run.intake().open() != null) {
                intake.set("open_model", openModel(run.intake().open()));
            }
            intake.set("gateway_profile", json.valueToTree(run.intake().profile()));
            var plain = intake.putArray("without_agent");
            for (LoopResult result : run.intake().withoutAgent()) {
                ObjectNode p = plain.addObject();
                p.put("clients", result.clients());
                p.set("intake", loop(result));
            }
        }
        if (run.kitchen() != null) {
            doc.set("kitchen", json.valueToTree(run.kitchen()));
        }
        return json.writeValueAsString(doc);
    }

    private ObjectNode loop(LoopResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("per_second", round(result.perSecond(), 0));
        node.put("calls", result.calls());
        node.put("errors", result.errors());
        node.put("seconds", round(result.seconds(), 2));
        node.put("p50_ms", round(result.p50Ms(), 3));
        node.put("p90_ms", round(result.p90Ms(), 3));
        node.put("p99_ms", round(result.p99Ms(), 3));
        node.put("max_ms", round(result.maxMs(), 3));
        ObjectNode cpu = node.putObject("cpu_us_per_call");
        result.cpuMicrosPerCall().forEach((process, us) -> cpu.put(process, round(us, 1)));
        node.put("cpu_percent_of_machine", round(result.cpuPercentOfMachine(), 1));
        ObjectNode kernel = node.putObject("cpu_kernel_share");
        result.systemShare().forEach((process, share) -> kernel.put(process, round(share, 3)));
        ObjectNode switches = node.putObject("context_switches_per_call");
        result.contextSwitchesPerCall().forEach((process, n) -> switches.put(process, round(n, 2)));
        if (result.gc() != null) {
            ObjectNode gc = node.putObject("gateway_gc");
            gc.put("young", result.gc().young());
            gc.put("full", result.gc().full());
            gc.put("pause_ms", round(result.gc().pauseMs(), 1));
        }
        if (result.firstError() != null) {
            node.put("first_error", result.firstError());
        }
        return node;
    }

    private ObjectNode target(ObjectNode doc, Target target) {
        ObjectNode node = json.createObjectNode();
        node.put("target", target.op() + " " + fmt(target.bound()));
        if (doc.get(target.key()) == null || doc.get(target.key()).isNull()) {
            node.putNull("met");
        } else {
            node.put("met", target.met(doc.get(target.key()).asDouble()));
        }
        return node;
    }

    private ObjectNode openModel(OpenModel.Result open) {
        ObjectNode node = json.createObjectNode();
        node.put("target_per_second", round(open.perSecondTarget(), 1));
        node.put("due_per_second", round(open.perSecondSent(), 1));
        node.put("due", open.due());
        node.put("answered_202", open.answered());
        node.put("errors", open.errors());
        node.put("unanswered", open.unanswered());
        node.put("connections_opened", open.connectionsOpened());
        node.put("seconds", round(open.seconds(), 2));
        putNumber(node, "p50_ms", round(open.p50Ms(), 3));
        putNumber(node, "p90_ms", round(open.p90Ms(), 3));
        putNumber(node, "p99_ms", round(open.p99Ms(), 3));
        putNumber(node, "p99_9_ms", round(open.p999Ms(), 3));
        node.put("max_ms", round(open.maxMs(), 3));
        ObjectNode cpu = node.putObject("cpu_ms");
        open.usage().forEach((process, used) -> cpu.put(process, round(used.cpuMs(), 1)));
        if (open.firstError() != null) {
            node.put("first_error", open.firstError());
        }
        return node;
    }

    // ---- Markdown ----------------------------------------------------------------------------

    String toMarkdown() throws IOException {
        ObjectNode keys = headline();
        StringBuilder md = new StringBuilder();
        md.append("# Box Box benchmarks\n\n");
        md.append("Generated by `").append(run.command()).append("` on ").append(run.date())
                .append(" in ").append(fmt(run.seconds())).append(" s. Do not edit by hand: run it again. ")
                .append("The same figures, machine-readable: [BENCHMARKS.json](BENCHMARKS.json).\n\n");
        md.append("> **Noise.** ").append(noiseSentence()).append("\n\n");

        md.append("## Headline\n\n| key | value | target |\n|---|---:|---|\n");
        keys.properties().forEach(e -> md.append("| `").append(e.getKey()).append("` | ")
                .append(e.getValue().isNull() ? "—" : e.getValue().isContainerNode() ? "(see below)" : e.getValue().asText())
                .append(" | ")
                .append(targetCell(e.getKey(), e.getValue())).append(" |\n"));
        md.append('\n');
        md.append("What the keys mean (the targets are issue 14's; the sections below break each figure down):\n\n| key | meaning |\n|---|---|\n");
        MEANINGS.forEach((key, meaning) -> {
            if (keys.has(key)) {
                md.append("| `").append(key).append("` | ").append(meaning).append(" |\n");
            }
        });
        md.append('\n');

        limitsSection(md, keys);

        Machine m = run.machine();
        md.append("## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| `nproc` | ").append(m.nproc()).append(" |\n");
        md.append("| CPU | ").append(m.cpuModel()).append(" |\n");
        md.append("| JDK | ").append(m.jdk()).append(" |\n");
        md.append("| OS | ").append(m.os()).append(" |\n");
        md.append("| load average at start | ").append(m.loadAverageAtStart()).append(" |\n");
        md.append("| services' JVM options (`jvm.options`) | `").append(String.join(" ", run.jvmOptions())).append("` |\n\n");
        md.append("`free -g`:\n\n```\n").append(m.freeG()).append("\n```\n\n");

        if (run.intake() != null) {
            intakeSection(md);
        }
        if (run.kitchen() != null) {
            kitchenSection(md);
        }
        md.append("## 4. GPS relay latency\n\n");
        if (run.gps() != null && run.gps().measured()) {
            md.append("Measured by `").append(GpsStep.TOOL).append("` (").append(run.gps().note())
                    .append("): the gateway with its MQTT relay, one Paho client per device publishing a fix a second, ")
                    .append("one SSE client per order.\n\n| key | value |\n|---|---:|\n");
            run.gps().figures().properties().forEach(e -> {
                if (!e.getValue().isContainerNode()) {
                    md.append("| `").append(e.getKey()).append("` | ").append(e.getValue().asText()).append(" |\n");
                }
            });
            md.append('\n');
            gpsSweep(md, run.gps().figures().path("gps_sweep"));
        } else {
            md.append("`gps_p99_ms_1000` is null: ").append(run.gps() == null ? "the gps step did not run" : run.gps().note())
                    .append(". `./boxbox bench` runs `").append(GpsStep.TOOL).append("` as soon as it is on the tifosi-load ")
                    .append("test classpath and merges the JSON object it prints.\n\n");
        }
        md.append("## 5. SSE fan-out at 2,000 watchers\n\n");
        if (run.sse() != null) {
            SseWatchersBench.Result sse = run.sse();
            md.append("`SseWatchersBench`: the gateway alone (no agent), ").append(sse.firehose()).append(" watchers on ")
                    .append("`GET /v1/order/sse` and ").append(sse.singleOrder()).append(" on `GET /v1/order/{id}/sse` (")
                    .append(SseWatchersBench.ORDERS).append(" orders), ").append(SseWatchersBench.EVENTS_PER_SECOND)
                    .append(" journal entries a second for ").append(fmt(sse.windowS())).append(" s; latency is a state frame's ")
                    .append("arrival minus the entry's `at`.\n\n| | |\n|---|---:|\n")
                    .append("| watchers failed | ").append(sse.failed()).append(" |\n")
                    .append("| entries published | ").append(sse.published()).append(" |\n")
                    .append("| frames expected / received | ").append(sse.expectedFrames()).append(" / ").append(sse.frames()).append(" |\n")
                    .append("| p50 / p99 / max ms | ").append(sse.p50Ms()).append(" / ").append(sse.p99Ms()).append(" / ")
                    .append(sse.maxMs()).append(" |\n")
                    .append("| gateway RSS, max MB | ").append(sse.gatewayRssMb()).append(" |\n\n");
        } else {
            md.append("The sse step did not run.\n\n");
        }
        Path writes = root.resolve("tifosi-load/bench/writes-per-order.md");
        if (Files.isRegularFile(writes)) {
            md.append(Files.readString(writes).strip()).append("\n\n");
        }
        for (String note : List.of("jvm-options.md", "c1-or-c2.md", "sse-fan-out.md")) {
            Path file = root.resolve("tifosi-load/bench").resolve(note);
            if (Files.isRegularFile(file)) {
                md.append(Files.readString(file).strip()).append("\n\n");
            }
        }
        md.append("## How to reproduce\n\n```sh\n").append(run.command()).append("\n```\n\n")
                .append("See `tifosi-load/README.md` for what each step does and `./boxbox help` for the options.\n");
        return md.toString();
    }

    /**
     * What limits each target a run missed, in a few lines each, pointing at the profile or the
     * measurement that shows it: the sections below for this run's own figures, the notes in
     * {@code tifosi-load/bench/} for the experiments that ruled options out.
     */
    private void limitsSection(StringBuilder md, ObjectNode keys) {
        List<String> missed = new java.util.ArrayList<>();
        for (Target target : TARGETS) {
            JsonNode value = keys.get(target.key());
            if (value == null || value.isNull() || !target.met(value.asDouble())) {
                missed.add(target.key());
            }
        }
        if (missed.isEmpty()) {
            return;
        }
        md.append("## What limits the missed targets\n\n");
        LIMITS.forEach((group, text) -> {
            List<String> hit = java.util.Arrays.stream(group.split(",")).filter(missed::contains).toList();
            if (!hit.isEmpty()) {
                md.append("- **").append(hit.stream().map(k -> "`" + k + "`").collect(java.util.stream.Collectors.joining(", ")))
                        .append("**: ").append(text).append('\n');
            }
        });
        md.append('\n');
    }

    /** Keys (comma-separated) → what limits them, from the profiles and measurements named in the text. */
    static final Map<String, String> LIMITS = limits();

    private static Map<String, String> limits() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("intake_ratio_64,intake_vs_floor_64", "waiting and handing over, not Java code. A keyed order makes seven broker "
                + "requests in three rounds one after another (`IntakeRequestsIT` counts them on the wire); each parks the "
                + "request's virtual thread until jnats' reader hands the answer back, so per order the gateway switches "
                + "context a dozen times or more and nats-server answers requests that trickle in one by one instead of "
                + "in batches (section 1's CPU table). The JFR profile of section 1 finds Box Box methods on the stack of few "
                + "samples; the event loops, jnats' threads and the framework around the controller hold the rest. A full "
                + "JIT (C2) made the floor three times cheaper but the intake only 17 % (`tifosi-load/bench/c1-or-c2.md`), "
                + "so tuning Java code will not close the gap to the floor; fewer waits per order would (for instance "
                + "jnats' `publishAsync` for the writes that need no answer before the next, or one request carrying "
                + "several orders' writes), which is not tried yet.");
        m.put("intake_p99_ms_16", "CPU queueing: with 16 requests in flight on 2 cores, each waits behind the others' "
                + "CPU work (section 1, *What limits `intake_p99_ms_16`*), plus the serial collector's pauses.");
        m.put("pipeline_orders_per_s,cpu_ms_per_order", "every order crosses five JVMs with about nineteen durable "
                + "JetStream writes (section 2 lists them by stream) and three gRPC calls, each traced by the agent. "
                + "Section 2 gives each process's CPU per order and, from JFR, the components and Box Box methods that "
                + "spend it. The maestro spends the most: about nine journal appends per order, each serialising the "
                + "whole snapshot (Jackson is a large part of its samples), a read of the order's last entry before "
                + "each kitchen call (the check that a cancel did not come first), and the gRPC client calls with their "
                + "spans. Each kitchen service spends its share on the gRPC server call and its span, the pantry's "
                + "compare-and-set, and its structured INFO log lines per order. nats-server, not counted in the "
                + "figure, takes as much again on the same two cores. Reaching 10 ms means fewer or smaller journal "
                + "entries and fewer spans per call, not faster code.");
        m.put("rss_mb_max_under_load,pss_mb_max_under_load", "every service has the same 96 MiB heap cap today, so the maestro (its heap grows by ~50 MiB under "
                + "the winning weekend) and the gateway set the peak, each with about 55 MiB that the OpenTelemetry "
                + "agent adds per service (metaspace, symbols and malloc for its ~3,800 classes; *JVM options* below). "
                + "The gateway needs its 96 MiB: a smaller heap spends a third of its time in full collections under "
                + "intake. Smaller caps for the other services were measured (kitchens' peaks -28 MiB, the maestro's "
                + "-33) but are commented out in `jvm.options` until `HaFaultIT` passes with them; with them the "
                + "gateway (213-245 MiB) is the maximum. `MALLOC_ARENA_MAX=2` and `-XX:MetaspaceSize` were measured and "
                + "change nothing (`tifosi-load/bench/jvm-options.md`).");
        m.put("start_to_healthy_s_max", "CPU: each service needs 6.3–8.7 s of CPU to become healthy with the agent "
                + "(about 3.3 s without), so five starting at once on 2 cores need about 16–22 s of both cores before the "
                + "last one is healthy. "
                + "Neither class-data archive helps with the agent attached: a dynamic CDS archive needs a diagnostic "
                + "flag and saves no CPU (the agent still inspects every class), and a JDK 25 AOT cache is refused or, "
                + "when made acceptable, loads classes before the agent can instrument them: every order failed "
                + "(`tifosi-load/bench/jvm-options.md`, measured with `StartupProbe`).");
        m.put("sse_watchers_p99_ms_2000", "CPU: each state frame costs the gateway about 32 µs and the bench's "
                + "`HttpClient` about 45 µs per watcher, and 2,000 watchers at 20 events/s are about 20,000 frames a "
                + "second, about 1.5 of the 2 cores before NATS and the publisher (`tifosi-load/bench/sse-fan-out.md`: "
                + "the profile before and after rendering each frame once).");
        m.put("gps_p99_ms_1000,gps_max_fleet_p99_under_100ms", "CPU, shared three ways: section 4 gives, per fleet "
                + "size, the share of the machine taken by the gateway (its relay handles every fix on its MQTT "
                + "client's one callback thread), mosquitto, and the bench process, which is every device's Paho "
                + "client and every SSE client at once.");
        return m;
    }

    /** The first {@code n} entries as "name 12.5, other 3.0". */
    private static String top(Map<String, Double> shares, int n, boolean code) {
        return shares.entrySet().stream().limit(n)
                .map(e -> (code ? "`" + e.getKey() + "`" : e.getKey()) + " " + fmt(e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** One row per fleet size the relay sweep finished, smallest first. */
    private static void gpsSweep(StringBuilder md, JsonNode sweep) {
        if (!sweep.isArray() || sweep.isEmpty()) {
            return;
        }
        md.append("CPU is each process's share of the whole machine over the measured window; the bench process is ")
                .append("every device's Paho client and every SSE client at once, on the same cores as the relay.\n\n")
                .append("| devices | connected | fixes sent | received | lost | p50 ms | p99 ms | max ms | complete "
                        + "| CPU % gateway | mosquitto | bench clients |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (JsonNode step : sweep) {
            JsonNode share = step.path("cpu_share_of_machine");
            md.append("| ").append(step.path("devices").asText()).append(" | ").append(step.path("connected").asText())
                    .append(" | ").append(step.path("sent").asText("—")).append(" | ").append(step.path("received").asText("—"))
                    .append(" | ").append(step.path("lost").asText("—")).append(" | ").append(step.path("p50_ms").asText("—"))
                    .append(" | ").append(step.path("p99_ms").asText("—")).append(" | ").append(step.path("max_ms").asText("—"))
                    .append(" | ").append(step.path("complete").asBoolean() ? "yes" : "no")
                    .append(" | ").append(share.path("paddock-gateway").asText("—"))
                    .append(" | ").append(share.path("mosquitto").asText("—"))
                    .append(" | ").append(share.path("devices and SSE clients (bench)").asText("—")).append(" |\n");
        }
        md.append('\n');
    }

    private void intakeSection(StringBuilder md) {
        IntakeBench.Result intake = run.intake();
        int cores = Runtime.getRuntime().availableProcessors();
        md.append("## 1. Order intake next to raw JetStream and the HTTP floor\n\n");
        md.append("Closed loop, one measured window per row after a warm-up; every path against **one private ")
                .append("`nats-server -js`** (file storage, temp dir) and **one gateway process** (OpenTelemetry agent attached, ")
                .append("exporting to a trace keeper in the bench process), streams purged before every run. **Intake**: `POST /v1/order` ")
                .append("from `wrk` (one thread, N keep-alive connections, Lua script `bench/wrk-orders.lua`): one-pizza orders from a pool ")
                .append("of 1,000, each request with its own person (spread over 100,000 tifosi, so the per-person limit never bites) ")
                .append("and a fresh `Idempotency-Key`, as the order page sends it. **Floor**: the same requests from the same wrk to ")
                .append("`POST /v1/floor` of the same gateway, a no-op 202 whose body is the size of an accepted order's (")
                .append(intake.answerBytes().getOrDefault("floor", 0)).append(" bytes against ")
                .append(intake.answerBytes().getOrDefault("intake", 0)).append("), which exists only because the bench starts the ")
                .append("gateway with `BOXBOX_BENCH_FLOOR_ENABLED=true`: what the framework, the agent and the client cost without any ")
                .append("Box Box work. **Raw**: the same queue messages (").append(fmt(intake.queuedBytes()))
                .append(" bytes on average, the JSON the gateway publishes) published straight to stream `ORDERS` ")
                .append("(`orders.new.<order_type>.<uuid>`, `Nats-Msg-Id`, expected stream) by N jnats threads, a synchronous publish each, ")
                .append("on one connection. No maestro drains the queue: the comparison is the gateway's path against the ")
                .append("broker's on the same cores, without a kitchen competing for them (section 2 measures the whole mesh).\n\n");
        md.append("| clients | intake req/s | p50 ms | p99 ms | floor req/s | p99 ms | intake / floor | raw msg/s | p99 ms | intake / raw | errors (intake + floor + raw) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IntakeBench.Point p : intake.points()) {
            LoopResult floor = p.floor();
            md.append(String.format(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %s | %s | %s | %,.0f | %.2f | **%.3f** | %d + %s + %d |%n",
                    p.clients(), p.intake().perSecond(), p.intake().p50Ms(), p.intake().p99Ms(),
                    floor == null ? "—" : String.format(Locale.ROOT, "%,.0f", floor.perSecond()),
                    floor == null ? "—" : String.format(Locale.ROOT, "%.2f", floor.p99Ms()),
                    floor == null ? "—" : String.format(Locale.ROOT, "**%.3f**", p.vsFloor()),
                    p.raw().perSecond(), p.raw().p99Ms(), p.ratio(), p.intake().errors(),
                    floor == null ? "—" : Long.toString(floor.errors()), p.raw().errors()));
        }
        intake.points().stream().map(IntakeBench.Point::intake).map(LoopResult::firstError).filter(java.util.Objects::nonNull)
                .findFirst().ifPresent(error -> md.append("\nFirst intake error: ").append(error).append('\n'));
        md.append("\nCPU time per call over the same windows (µs of utime + stime from `/proc/<pid>/stat`; in brackets the ")
                .append("share spent in the kernel). *Client* is wrk for intake and floor (its own `/proc/self/stat`, read by its ")
                .append("script at the end), the bench's jnats threads for raw; *client share* is the client's part of client + ")
                .append("gateway + nats-server. Also the gateway's context switches per call (all its threads, ")
                .append("`/proc/<pid>/task/*/status`) and how busy these processes kept the machine's ").append(cores).append(" cores:\n\n");
        md.append("| clients | path | gateway µs | nats-server µs | client µs | trace keeper µs | total µs | client share | gateway ctx switches | % of machine |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IntakeBench.Point p : intake.points()) {
            cpuRow(md, p.clients(), "intake", p.intake());
            if (p.floor() != null) {
                cpuRow(md, p.clients(), "floor", p.floor());
            }
            cpuRow(md, p.clients(), "raw", p.raw());
        }
        LoopResult unkeyed = intake.withoutKey64();
        if (unkeyed != null) {
            md.append(String.format(Locale.ROOT, "%nWithout `Idempotency-Key` (the same wrk at 64 connections, the same bodies, no key: "
                            + "no idempotency record to look up, claim and confirm): **%,.0f orders/s**, p50 %.2f ms, p99 %.2f ms, "
                            + "gateway %.0f µs and nats-server %.0f µs per order (with the key: %,.0f/s, %.0f and %.0f µs).%n",
                    unkeyed.perSecond(), unkeyed.p50Ms(), unkeyed.p99Ms(), cpu(unkeyed, IntakeBench.GATEWAY),
                    cpu(unkeyed, IntakeBench.NATS), intake.at(64).intake().perSecond(), cpu(intake.at(64).intake(), IntakeBench.GATEWAY),
                    cpu(intake.at(64).intake(), IntakeBench.NATS)));
        }
        md.append("\nThe gateway's garbage collections in the intake and floor windows (`jstat -gc`):\n\n")
                .append("| clients | path | young GCs | full GCs | total pause ms | pause per second of window |\n|---:|---|---:|---:|---:|---:|\n");
        for (IntakeBench.Point p : intake.points()) {
            gcRow(md, p.clients(), "intake", p.intake());
            if (p.floor() != null) {
                gcRow(md, p.clients(), "floor", p.floor());
            }
        }
        md.append('\n');

        OpenModel.Result open = intake.open();
        if (open != null) {
            md.append("### Open model: latency at a fixed arrival rate (`intake_open_p99_ms`)\n\n");
            md.append(String.format(Locale.ROOT, "Orders due at **%,.0f per second** (half of the closed-loop %,.0f at 64 connections), ",
                    open.perSecondTarget(), intake.at(64).intake().perSecond()))
                    .append("whatever the gateway does, for ").append(fmt(open.seconds())).append(" s after a warm-up, from a Netty ")
                    .append("client in the bench process (`io.boxbox.bench.OpenModel`: a scheduler hands each request to one event ")
                    .append("loop when it is due; it goes out on an idle keep-alive connection, a new one up to 64, or waits for one). ")
                    .append("Each latency is timed from the request's **intended send time**, so a request that waited for a ")
                    .append("connection because the gateway stalled is counted with its wait (a closed loop would just have sent ")
                    .append("less meanwhile: coordinated omission). Requests still unanswered 10 s after the window count at their ")
                    .append("wait so far.\n\n");
            md.append("| due/s | due | answered 202 | errors | unanswered | connections | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| %,.0f | %d | %d | %d | %d | %d | %.2f | %.2f | **%.2f** | %.2f | %.2f |%n%n",
                    open.perSecondSent(), open.due(), open.answered(), open.errors(), open.unanswered(),
                    open.connectionsOpened(), open.p50Ms(), open.p90Ms(), open.p99Ms(), open.p999Ms(), open.maxMs()));
            if (open.firstError() != null) {
                md.append("First error: ").append(open.firstError()).append("\n\n");
            }
        }

        if (!intake.withoutAgent().isEmpty()) {
            md.append("**Without the OpenTelemetry agent** (the same gateway jar and JVM options, started without `-javaagent` ")
                    .append("on a broker of its own, the same wrk), to show what tracing every order costs:\n\n")
                    .append("| clients | intake req/s with agent | without | p99 ms with | without | gateway µs/order with | without |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (LoopResult plain : intake.withoutAgent()) {
                LoopResult traced = intake.at(plain.clients()).intake();
                md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %.2f | %.0f | %.0f |%n", plain.clients(),
                        traced.perSecond(), plain.perSecond(), traced.p99Ms(), plain.p99Ms(),
                        cpu(traced, IntakeBench.GATEWAY), cpu(plain, IntakeBench.GATEWAY)));
            }
            md.append('\n');
        }

        IntakeBench.Point at64 = intake.at(64);
        double intakeCpu = serverCpu(at64.intake());
        double rawCpu = serverCpu(at64.raw()) + cpu(at64.raw(), IntakeBench.JNATS);
        double machine = cores * 1_000_000.0;
        md.append("### What limits intake at 64 clients\n\n");
        md.append(String.format(Locale.ROOT,
                "An accepted order costs the gateway **%.0f µs** of CPU (%.0f %% of it in the kernel) and nats-server %.0f µs; "
                        + "wrk adds %.0f µs (%.0f %% of client + servers) and the trace keeper %.0f µs. A raw publish costs %.0f µs "
                        + "(nats-server %.0f, jnats client %.0f). %d cores give %,.0f µs of CPU per second, so gateway and broker "
                        + "alone would cap the intake at about %,.0f orders/s; measured: %,.0f.",
                cpu(at64.intake(), IntakeBench.GATEWAY),
                100 * at64.intake().systemShare().getOrDefault(IntakeBench.GATEWAY, 0.0),
                cpu(at64.intake(), IntakeBench.NATS), cpu(at64.intake(), Wrk.CLIENT),
                100 * IntakeBench.clientShare(at64.intake()), cpu(at64.intake(), IntakeBench.KEEPER),
                rawCpu, cpu(at64.raw(), IntakeBench.NATS), cpu(at64.raw(), IntakeBench.JNATS), cores, machine,
                machine / intakeCpu, at64.intake().perSecond()));
        if (at64.floor() != null) {
            md.append(String.format(Locale.ROOT,
                    " The floor costs the gateway %.0f µs per request (nats-server %.0f): the framework, the agent's server span "
                            + "and the JSON answer. The difference, **%.0f µs per order**, is Box Box's own intake work; "
                            + "`intake_vs_floor_64` = %.3f.",
                    cpu(at64.floor(), IntakeBench.GATEWAY), cpu(at64.floor(), IntakeBench.NATS),
                    cpu(at64.intake(), IntakeBench.GATEWAY) + cpu(at64.intake(), IntakeBench.NATS)
                            - cpu(at64.floor(), IntakeBench.GATEWAY) - cpu(at64.floor(), IntakeBench.NATS),
                    at64.vsFloor()));
        }
        md.append(String.format(Locale.ROOT,
                " That work is, per keyed order, %d durable JetStream writes (number index, key claim, the order on `ORDERS`, "
                        + "its `RECEIVED` entry, the claim's confirmation; plus one counter write per run of up to 64 numbers) "
                        + "in three round trips one after another (index beside claim, publish, entry beside confirmation; "
                        + "paddock-gateway README, *Items, bill and order numbers*): nats-server spends about %.0f µs per write "
                        + "against %.0f µs per raw publish (most writes are key-value or journal appends that expect a subject's "
                        + "last sequence; nats-server itself is not profiled here, so the gap is not broken down further).",
                WRITES_PER_KEYED_ORDER, cpu(at64.intake(), IntakeBench.NATS) / WRITES_PER_KEYED_ORDER,
                cpu(at64.raw(), IntakeBench.NATS)));
        md.append(" The JFR profile below breaks the gateway's share down by component.\n\n");

        GatewayProfile.Summary profile = intake.profile();
        if (profile != null && profile.samples() > 0) {
            md.append("### Where the gateway's CPU goes (JDK Flight Recorder)\n\n");
            md.append("`jcmd <pid> JFR.start settings=profile` in the running gateway for a separate 6 s of intake at 64 connections ")
                    .append("from wrk (not part of the figures above); ").append(profile.samples()).append(" execution samples of Java code. *Self* is the ")
                    .append("component of the sampled method itself (sums to 100 %); *on stack* is the share of samples with the ")
                    .append("component anywhere in the call chain. Recording: `").append(root.relativize(Path.of(profile.recording())))
                    .append("` (open with JDK Mission Control or `jfr print`).\n\n");
            md.append("| component | self % | on stack % |\n|---|---:|---:|\n");
            profile.selfPercent().forEach((component, self) -> md.append("| ").append(component).append(" | ")
                    .append(fmt(self)).append(" | ").append(fmt(profile.inclusivePercent().getOrDefault(component, 0.0)))
                    .append(" |\n"));
            md.append("\nHottest methods (self):\n\n| method | % |\n|---|---:|\n");
            profile.topMethods().forEach((method, share) -> md.append("| `").append(method).append("` | ")
                    .append(fmt(share)).append(" |\n"));
            md.append("\nBy thread (numbers in names replaced by N): request handlers run on virtual threads, ")
                    .append("Netty's event loops take requests in and answers out, the jnats connection has its own ")
                    .append("reader and writer threads, the agent its exporter.\n\n| thread | % of samples |\n|---|---:|\n");
            profile.threadPercent().forEach((thread, share) -> md.append("| `").append(thread).append("` | ")
                    .append(fmt(share)).append(" |\n"));
            md.append("\nBox Box methods on the stack (share of all samples with the method anywhere in the call chain; ")
                    .append("stacks recorded ").append(GatewayProfile.STACK_DEPTH).append(" frames deep):\n\n")
                    .append("| method | on stack % |\n|---|---:|\n");
            profile.boxBoxOnStack().forEach((method, share) -> md.append("| `").append(method).append("` | ")
                    .append(fmt(share)).append(" |\n"));
            md.append('\n');
        }
        LoopResult at16 = intake.at(16).intake();
        md.append("### What limits `intake_p99_ms_16`\n\n");
        md.append(String.format(Locale.ROOT, "At 16 connections the p50 is %.2f ms, the p90 %.2f ms and the p99 %.2f ms. "
                        + "With 16 requests in flight and %d cores, a request waits behind the others' CPU work, so the p50 is about "
                        + "16 × the servers' CPU per order divided by the cores (16 × %.0f µs / %d ≈ %.1f ms). ",
                at16.p50Ms(), at16.p90Ms(), at16.p99Ms(), cores, serverCpu(at16), cores, 16 * serverCpu(at16) / cores / 1000));
        if (at16.gc() != null) {
            md.append(String.format(Locale.ROOT, "The gateway paused for GC %d times (%.0f ms in all) in the %.0f s window; ",
                    at16.gc().young() + at16.gc().full(), at16.gc().pauseMs(), at16.seconds()));
        }
        md.append("the tail beyond that is GC and the scheduler (more runnable threads than cores). The open model above ")
                .append("shows the same tail without the closed loop's coordinated omission.\n\n");
    }

    private static void gcRow(StringBuilder md, int clients, String path, LoopResult result) {
        GcCount gc = result.gc();
        if (gc != null) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.0f | %.1f ms |%n", clients, path, gc.young(), gc.full(),
                    gc.pauseMs(), gc.pauseMs() / result.seconds()));
        }
    }

    private void kitchenSection(StringBuilder md) {
        KitchenBench.Result kitchen = run.kitchen();
        KitchenBench.Pipeline pipeline = kitchen.pipeline();
        md.append("## 2. Pipeline cost at time scale 0\n\n");
        md.append("All five services as real processes (agent attached), `BOXBOX_SIM_TIME_SCALE=0` and a calm kitchen (nobody sleeps, ")
                .append("lunches or burns anything), one private nats-server. ").append(pipeline.orders()).append(" delivery orders ")
                .append("placed by ").append(pipeline.clients()).append(" clients as fast as the gateway takes them, timed from the ")
                .append("first POST until the last `DELIVERED` event (after a warm-up batch); CPU is utime + stime of every process ")
                .append("over that span, divided by the orders delivered.\n\n");
        md.append(String.format(Locale.ROOT, "- **%.1f orders/s** to `DELIVERED` (%d of %d delivered in %.1f s, %d failed)%n",
                pipeline.ordersPerSecond(), pipeline.delivered(), pipeline.orders(), pipeline.seconds(), pipeline.failed()));
        md.append(String.format(Locale.ROOT, "- **%.2f CPU ms per order** summed over the five services%n",
                pipeline.cpuMsPerOrderServices()));
        md.append(String.format(Locale.ROOT, "- **%.2f durable JetStream writes per delivered order** "
                        + "(`writes_per_delivered_order`) and **%.1f spans per order** (`spans_per_order`)%n%n",
                kitchen.writesPerDeliveredOrder(), kitchen.spansPerOrder()));
        md.append("| process | CPU ms per order | idle CPU ms per second (settled, before any order) |\n|---|---:|---:|\n");
        pipeline.cpuMsPerOrder().forEach((process, ms) -> md.append("| ").append(process).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f", ms)).append(" | ")
                .append(kitchen.idleCpuMsPerS().containsKey(process)
                        ? String.format(Locale.ROOT, "%.1f", kitchen.idleCpuMsPerS().get(process)) : "—")
                .append(" |\n"));
        md.append('\n');

        if (kitchen.profiles() != null && !kitchen.profiles().isEmpty()) {
            md.append("### Where the pipeline's CPU goes (JDK Flight Recorder)\n\n")
                    .append("`jcmd <pid> JFR.start settings=profile` in each of the five services over a further batch of ")
                    .append("orders after the measured one (not part of the figures above), stacks ")
                    .append(GatewayProfile.STACK_DEPTH).append(" frames deep. *Components* are those of the sampled ")
                    .append("methods themselves (self %); *Box Box methods* are the share of samples with the method anywhere ")
                    .append("on the stack. Recordings: `target/bench/pipeline-<service>.jfr`.\n\n")
                    .append("| service | samples | components (self %) | Box Box methods (on stack %) |\n|---|---:|---|---|\n");
            kitchen.profiles().forEach((service, profile) -> md.append("| ").append(service).append(" | ")
                    .append(profile.samples()).append(" | ")
                    .append(top(profile.selfPercent(), 4, false)).append(" | ")
                    .append(top(profile.boxBoxOnStack(), 6, true)).append(" |\n"));
            md.append('\n');
        }

        md.append("Durable writes: the messages JetStream stored during the measured pipeline (the difference of each ")
                .append("stream's last sequence before the first POST and 2 s after the last `DELIVERED`, so messages a stream ")
                .append("has since dropped still count), summed over the file-storage streams and divided by the orders ")
                .append("delivered. Memory streams (staff heartbeats) are listed, not counted. Spans: every span of the traces ")
                .append("that carry a measured order's `boxbox.order_id`, counted once the load below has run (so every agent ")
                .append("has exported them), divided by the orders delivered.\n\n");
        md.append("| stream | messages stored | per delivered order |\n|---|---:|---:|\n");
        kitchen.writesPerStream().forEach((stream, stored) -> md.append(String.format(Locale.ROOT, "| `%s` | %d | %.2f |%n",
                stream, stored, pipeline.delivered() == 0 ? Double.NaN : (double) stored / pipeline.delivered())));
        md.append('\n');

        KitchenBench.HaRow ha = kitchen.ha();
        if (ha != null) {
            md.append("### Scaled out (`--ha`)\n\n");
            if (ha.pipeline() == null) {
                md.append("`pipeline_orders_per_s_ha` and `cpu_ms_per_order_ha` are null (not measured): ").append(ha.note()).append(".\n\n");
            } else {
                KitchenBench.Pipeline p = ha.pipeline();
                md.append("The same pipeline on three clustered nats-servers (R3 streams) with two replicas of maestro and of each ")
                        .append("kitchen service, in the same run after the single-node mesh stopped.\n\n")
                        .append("| shape | orders/s | CPU ms per order (services) | writes per delivered order |\n|---|---:|---:|---:|\n")
                        .append(String.format(Locale.ROOT, "| single node | %.1f | %.2f | %.2f |%n", pipeline.ordersPerSecond(),
                                pipeline.cpuMsPerOrderServices(), kitchen.writesPerDeliveredOrder()))
                        .append(String.format(Locale.ROOT, "| `--ha` | %.1f | %.2f | %.2f |%n%n", p.ordersPerSecond(),
                                p.cpuMsPerOrderServices(), ha.writesPerDeliveredOrder()));
                md.append("| process (`--ha`) | CPU ms per order |\n|---|---:|\n");
                p.cpuMsPerOrder().forEach((process, ms) -> md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", process, ms)));
                md.append('\n');
                if (ha.note() != null) {
                    md.append(ha.note()).append("\n\n");
                }
            }
        }

        md.append("## 3. Footprint and start-up\n\n");
        md.append("Same mesh. *Start → healthy*: from launching each JVM until its health check first answered SERVING (gRPC) or ")
                .append("200 (`/healthz`), all five starting at once on the shared cores, as `./boxbox up` starts them. *Idle*: after ")
                .append("start-up and a settling pause, before any order. *Under load*: the highest value sampled every 200 ms ")
                .append("during the winning race weekend (`./boxbox load winning`: 10 → 100 → 10 users, Gatling), which ran at time ")
                .append("scale 0 so every order also went through the whole kitchen. *RSS* is VmRSS (`/proc/<pid>/status`): every ")
                .append("resident page the JVM maps, counted in full. *PSS* is `Pss:` of `/proc/<pid>/smaps_rollup`: a page shared ")
                .append("by k processes (the JDK's class data archive, libjvm, the jars' page cache) counts 1/k in each, so the ")
                .append("five PSS figures add up to what the services take from the machine together.\n\n");
        md.append("| service | start → healthy s | idle RSS MiB | idle PSS MiB | max RSS under load MiB | max PSS under load MiB |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        kitchen.rssIdleMb().forEach((service, idle) -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.0f | %.0f | %.0f |%n",
                service, kitchen.startToHealthyS().getOrDefault(service, Double.NaN), idle,
                kitchen.pssIdleMb().getOrDefault(service, Double.NaN),
                kitchen.rssUnderLoadMb().getOrDefault(service, Double.NaN),
                kitchen.pssUnderLoadMb().getOrDefault(service, Double.NaN))));
        GatlingRun.Summary load = kitchen.load();
        md.append(String.format(Locale.ROOT, "%nThe load itself: %d requests, %d errors, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, "
                        + "%.1f requests/s (Gatling exit %d). Spans received by the trace keeper during the kitchen run: %d.%n%n",
                load.requests(), load.errors(), load.p50Ms(), load.p95Ms(), load.p99Ms(), load.requestsPerSecond(),
                load.exitCode(), kitchen.spansReceived()));
    }

    private static void cpuRow(StringBuilder md, int clients, String path, LoopResult result) {
        String client = path.equals("raw") ? IntakeBench.JNATS : Wrk.CLIENT;
        double share = path.equals("raw") ? cpu(result, client) / (cpu(result, client) + serverCpu(result))
                : IntakeBench.clientShare(result);
        md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %.0f | %.0f %% | %s | %.0f |%n", clients, path,
                cpuCell(result, IntakeBench.GATEWAY), cpuCell(result, IntakeBench.NATS), cpuCell(result, client),
                path.equals("raw") ? "—" : cpuCell(result, IntakeBench.KEEPER), total(result), 100 * share,
                path.equals("raw") ? "—"
                        : String.format(Locale.ROOT, "%.1f", result.contextSwitchesPerCall().getOrDefault(IntakeBench.GATEWAY, 0.0)),
                result.cpuPercentOfMachine()));
    }

    private static String cpuCell(LoopResult result, String process) {
        double us = cpu(result, process);
        if (us == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.0f (%.0f %%)", us, 100 * result.systemShare().getOrDefault(process, 0.0));
    }

    private static double cpu(LoopResult result, String process) {
        return result.cpuMicrosPerCall().getOrDefault(process, 0.0);
    }

    /** Gateway + nats-server µs per call. */
    private static double serverCpu(LoopResult result) {
        return cpu(result, IntakeBench.GATEWAY) + cpu(result, IntakeBench.NATS);
    }

    private static double total(LoopResult result) {
        return result.cpuMicrosPerCall().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private String targetCell(String key, com.fasterxml.jackson.databind.JsonNode value) {
        Target target = TARGETS.stream().filter(t -> t.key().equals(key)).findFirst().orElse(null);
        if (target == null) {
            return "";
        }
        String text = target.text() + (key.startsWith("rss_") || key.startsWith("pss_") ? " (agent attached)" : "");
        if (value.isNull()) {
            return text + " — not measured";
        }
        return text + (target.met(value.asDouble()) ? " — **met**" : " — **missed**");
    }

    private static Map<String, String> meanings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("intake_rps_64", "accepted `POST /v1/order` per second (202s) from wrk with 64 keep-alive connections, gateway alone with the agent");
        m.put("raw_jetstream_rps_64", "the same queue messages published straight to stream `ORDERS` by 64 jnats threads (synchronous publish each), same broker");
        m.put("intake_ratio_64", "`intake_rps_64` ÷ `raw_jetstream_rps_64`: the intake next to the broker's own ceiling");
        m.put("floor_rps_64", "the HTTP floor: the same wrk requests to `POST /v1/floor` of the same gateway process, a no-op 202 with a body the size of an accepted order's (exists only with `BOXBOX_BENCH_FLOOR_ENABLED=true`, which only the bench sets)");
        m.put("intake_vs_floor_64", "`intake_rps_64` ÷ `floor_rps_64`: the share of the framework's rate (Netty, routing, blocking executor, agent span, body in, JSON out) that the intake keeps once Box Box's own work (binding and validation, menu, rate limit, idempotency record, order number, JetStream writes, token) is added; 1 would be free");
        m.put("intake_p99_ms_16", "p99 latency of `POST /v1/order` from wrk at 16 connections, closed loop (wrk's own timing)");
        m.put("intake_open_p99_ms", "p99 latency of `POST /v1/order` in the open model: orders due at a fixed rate (`intake_open_rate_per_s`), each timed from when it was due, not when it was sent, so a stall counts for every order that waited behind it (no coordinated omission)");
        m.put("intake_open_rate_per_s", "the open model's arrival rate: half of `intake_rps_64` of the same run");
        m.put("intake_client_cpu_share_64", "wrk's CPU ÷ (wrk + gateway + nats-server) at 64 connections, from `/proc/<pid>/stat` of each: how much of the work is the load client's (the JDK clients before took about a third of the machine)");
        m.put("pipeline_orders_per_s", "delivery orders from the first POST to the last `DELIVERED`, all five services, calm kitchen at time scale 0");
        m.put("cpu_ms_per_order", "utime + stime of the five services over the pipeline, per delivered order (nats-server listed apart)");
        m.put("writes_per_delivered_order", "messages JetStream stored on its file-storage streams during the pipeline, per delivered order");
        m.put("spans_per_order", "spans in the traces of the pipeline's orders, per delivered order");
        m.put("rss_mb_idle_max", "the largest VmRSS of the five services after start-up and a settling pause");
        m.put("pss_mb_idle_max", "the same as PSS (`Pss:` of `/proc/<pid>/smaps_rollup`: a page shared by k processes counts 1/k in each)");
        m.put("rss_mb_max_under_load", "the largest VmRSS any service reached during the winning weekend (Gatling, sampled every 200 ms)");
        m.put("pss_mb_max_under_load", "the largest PSS any service reached over the same load and samples: its own pages plus its share of those it maps with the other JVMs (class data, libraries)");
        m.put("start_to_healthy_s_max", "the slowest of the five from launching its JVM to its first healthy answer, all five starting at once");
        m.put("pipeline_orders_per_s_ha", "`--ha` only: `pipeline_orders_per_s` on three clustered nats-servers with two replicas of each kitchen service, same run");
        m.put("cpu_ms_per_order_ha", "`--ha` only: `cpu_ms_per_order` over every replica of the scaled-out mesh");
        m.put("gps_p99_ms_1000", "device publish → SSE client p99 latency through the gateway's relay with 1,000 devices (GpsRelayBench)");
        m.put("gps_max_fleet_p99_under_100ms", "the largest fleet of the sweep whose relay p99 stayed under 100 ms");
        m.put("sse_watchers_p99_ms_2000", "journal entry → SSE client p99 latency (the entry's `at` to the state frame's arrival) with 2,000 concurrent watchers on one gateway, half on the firehose, half on single orders (SseWatchersBench)");
        m.put("sse_gateway_rss_mb_2000", "the gateway's largest VmRSS while those 2,000 watchers were served (sampled every 200 ms)");
        return m;
    }

    private String noiseSentence() {
        String share = String.format(Locale.ROOT, "%.0f %%", run.otherCpuPercent());
        if (run.otherCpuPercent() > NOISY_OTHER_CPU_PERCENT) {
            return "These figures were taken while other work ran on this shared machine: processes outside the benchmark used "
                    + share + " of its CPU during the run (load average at start: " + run.machine().loadAverageAtStart()
                    + "). Expect a quiet machine to give higher rates and lower latencies; ratios measured side by side suffer less.";
        }
        return "The machine was quiet: processes outside the benchmark used " + share + " of its CPU during the run.";
    }

    void write(Path out) throws IOException {
        Files.writeString(Path.of(out + ".json"), toJson() + "\n");
        Files.writeString(Path.of(out + ".md"), toMarkdown());
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
