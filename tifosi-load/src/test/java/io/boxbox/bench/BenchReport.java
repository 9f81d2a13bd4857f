package io.boxbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run as BENCHMARKS.json (the headline keys at the top level, every detail below them)
 * and BENCHMARKS.md (the same figures for people, with the machine, the command, the date and,
 * where a target is missed, what limits it).
 */
final class BenchReport {

    static final double TARGET_INTAKE_RATIO_64 = 0.5;
    static final double TARGET_INTAKE_P99_MS_16 = 10;
    static final double TARGET_RSS_MB_UNDER_LOAD = 150;
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
            keys.put("intake_p99_ms_16", round(intake.at(16).intake().p99Ms(), 2));
        } else {
            keys.putNull("intake_rps_64").putNull("raw_jetstream_rps_64").putNull("intake_ratio_64").putNull("intake_p99_ms_16");
        }
        if (kitchen != null) {
            keys.put("pipeline_orders_per_s", round(kitchen.pipeline().ordersPerSecond(), 1));
            keys.put("cpu_ms_per_order", round(kitchen.pipeline().cpuMsPerOrderServices(), 2));
            keys.put("writes_per_delivered_order", round(kitchen.writesPerDeliveredOrder(), 2));
            keys.put("spans_per_order", round(kitchen.spansPerOrder(), 1));
            keys.put("rss_mb_idle_max", round(Collections.max(kitchen.rssIdleMb().values()), 1));
            keys.put("rss_mb_max_under_load", round(Collections.max(kitchen.rssUnderLoadMb().values()), 1));
            keys.put("start_to_healthy_s_max", round(Collections.max(kitchen.startToHealthyS().values()), 2));
        } else {
            keys.putNull("pipeline_orders_per_s").putNull("cpu_ms_per_order").putNull("writes_per_delivered_order")
                    .putNull("spans_per_order").putNull("rss_mb_idle_max")
                    .putNull("rss_mb_max_under_load").putNull("start_to_healthy_s_max");
        }
        if (run.gps() != null && run.gps().measured()) {
            keys.setAll(run.gps().figures());
        } else {
            keys.putNull("gps_p99_ms_1000");
        }
        return keys;
    }

    String toJson() throws IOException {
        ObjectNode doc = headline();
        ObjectNode targets = doc.putObject("targets");
        targets.set("intake_ratio_64", target(doc, "intake_ratio_64", ">=", TARGET_INTAKE_RATIO_64));
        targets.set("intake_p99_ms_16", target(doc, "intake_p99_ms_16", "<", TARGET_INTAKE_P99_MS_16));
        targets.set("rss_mb_max_under_load", target(doc, "rss_mb_max_under_load", "<=", TARGET_RSS_MB_UNDER_LOAD));
        ObjectNode notes = doc.putObject("notes");
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
        if (run.intake() != null) {
            ObjectNode intake = doc.putObject("intake");
            intake.put("setup", "gateway alone (OpenTelemetry agent attached) and raw jnats publisher on one private "
                    + "nats-server -js; closed loop, streams purged before each run");
            intake.put("queued_order_bytes_avg", round(run.intake().queuedBytes(), 0));
            intake.put("gateway_start_to_healthy_s", run.intake().gatewayStartToHealthyS());
            var points = intake.putArray("points");
            for (IntakeBench.Point point : run.intake().points()) {
                ObjectNode p = points.addObject();
                p.put("clients", point.clients());
                p.set("intake", loop(point.intake()));
                p.set("raw_jetstream", loop(point.raw()));
                p.put("ratio", round(point.ratio(), 3));
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

    private ObjectNode target(ObjectNode doc, String key, String op, double bound) {
        ObjectNode node = json.createObjectNode();
        node.put("target", op + " " + fmt(bound));
        if (doc.get(key) == null || doc.get(key).isNull()) {
            node.putNull("met");
        } else {
            double value = doc.get(key).asDouble();
            node.put("met", switch (op) {
                case ">=" -> value >= bound;
                case "<" -> value < bound;
                case "<=" -> value <= bound;
                default -> throw new IllegalArgumentException(op);
            });
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
                .append(e.getValue().isNull() ? "—" : e.getValue().asText()).append(" | ")
                .append(targetCell(e.getKey(), e.getValue())).append(" |\n"));
        md.append('\n');

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
            md.append("Measured by `").append(GpsStep.TOOL).append("`:\n\n| key | value |\n|---|---:|\n");
            run.gps().figures().properties().forEach(e ->
                    md.append("| `").append(e.getKey()).append("` | ").append(e.getValue().asText()).append(" |\n"));
            md.append('\n');
        } else {
            md.append("`gps_p99_ms_1000` is null: ").append(run.gps() == null ? "the gps step did not run" : run.gps().note())
                    .append(". `./boxbox bench` runs `").append(GpsStep.TOOL).append("` as soon as it is on the tifosi-load ")
                    .append("test classpath and merges the JSON object it prints.\n\n");
        }
        Path writes = root.resolve("tifosi-load/bench/writes-per-order.md");
        if (Files.isRegularFile(writes)) {
            md.append(Files.readString(writes).strip()).append("\n\n");
        }
        Path flags = root.resolve("tifosi-load/bench/jvm-options.md");
        if (Files.isRegularFile(flags)) {
            md.append(Files.readString(flags).strip()).append("\n\n");
        }
        md.append("## How to reproduce\n\n```sh\n").append(run.command()).append("\n```\n\n")
                .append("See `tifosi-load/README.md` for what each step does and `./boxbox help` for the options.\n");
        return md.toString();
    }

    private void intakeSection(StringBuilder md) {
        IntakeBench.Result intake = run.intake();
        md.append("## 1. Order intake next to raw JetStream\n\n");
        md.append("Closed loop, one measured window per row after a warm-up; both paths against **one private ")
                .append("`nats-server -js`** (file storage, temp dir), streams purged before every run. **Intake**: `POST /v1/order` ")
                .append("with realistic orders through the **gateway alone** (OpenTelemetry agent attached, exporting to a trace keeper ")
                .append("in the bench process), from N JDK HTTP/1.1 clients with keep-alive. **Raw**: the same queue messages (")
                .append(fmt(intake.queuedBytes())).append(" bytes on average, the JSON the gateway publishes) published straight ")
                .append("to stream `ORDERS` (`orders.new.<order_type>.<uuid>`, `Nats-Msg-Id`, expected stream) by jnats, a synchronous publish per ")
                .append("thread on one connection. No maestro drains the queue: the comparison is the gateway's path against the ")
                .append("broker's on the same cores, without a kitchen competing for them (section 2 measures the whole mesh).\n\n");
        md.append("| clients | intake req/s | p50 ms | p99 ms | raw msg/s | p50 ms | p99 ms | intake / raw | errors |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IntakeBench.Point p : intake.points()) {
            md.append(String.format(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f | **%.2f** | %d + %d |%n",
                    p.clients(), p.intake().perSecond(), p.intake().p50Ms(), p.intake().p99Ms(), p.raw().perSecond(),
                    p.raw().p50Ms(), p.raw().p99Ms(), p.ratio(), p.intake().errors(), p.raw().errors()));
        }
        md.append("\nCPU time per call over the same windows (µs of utime + stime from `/proc/<pid>/stat`; in brackets the ")
                .append("share spent in the kernel), the gateway's context switches per call (all its threads, ")
                .append("`/proc/<pid>/task/*/status`) and how busy these processes kept the machine's ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores:\n\n");
        md.append("| clients | path | gateway µs | nats-server µs | bench µs (clients, trace keeper) | total µs | gateway ctx switches | % of machine |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (IntakeBench.Point p : intake.points()) {
            cpuRow(md, p.clients(), "intake", p.intake());
            cpuRow(md, p.clients(), "raw", p.raw());
        }
        md.append("\nThe gateway's garbage collections in the intake windows (`jstat -gc`):\n\n")
                .append("| clients | young GCs | full GCs | total pause ms | pause per second of window |\n|---:|---:|---:|---:|---:|\n");
        for (IntakeBench.Point p : intake.points()) {
            GcCount gc = p.intake().gc();
            if (gc != null) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.1f ms |%n", p.clients(), gc.young(), gc.full(),
                        gc.pauseMs(), gc.pauseMs() / p.intake().seconds()));
            }
        }
        md.append('\n');
        if (!intake.withoutAgent().isEmpty()) {
            md.append("**Without the OpenTelemetry agent** (the same gateway jar and JVM options, started without `-javaagent` ")
                    .append("on a broker of its own), to show what tracing every order costs:\n\n")
                    .append("| clients | intake req/s with agent | without | p99 ms with | without | gateway µs/order with | without |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (LoopResult plain : intake.withoutAgent()) {
                LoopResult traced = intake.at(plain.clients()).intake();
                md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %.2f | %.0f | %.0f |%n", plain.clients(),
                        traced.perSecond(), plain.perSecond(), traced.p99Ms(), plain.p99Ms(),
                        cpu(traced, "paddock-gateway"), cpu(plain, "paddock-gateway")));
            }
            md.append('\n');
        }
        IntakeBench.Point at64 = intake.at(64);
        double intakeCpu = total(at64.intake());
        double rawCpu = total(at64.raw());
        double cores = Runtime.getRuntime().availableProcessors() * 1_000_000.0;
        md.append("### What limits intake at 64 clients\n\n");
        md.append(String.format(Locale.ROOT,
                "CPU. An accepted order costs **%.0f µs** of CPU in all (gateway %.0f, of which %.0f %% in the kernel; "
                        + "nats-server %.0f; HTTP clients and trace keeper %.0f); a raw publish costs **%.0f µs** (nats-server %.0f, "
                        + "client %.0f). %d cores give %,.0f µs of CPU per second, so these costs alone cap the rates at about "
                        + "%,.0f orders/s and %,.0f messages/s, a ratio of %.3f; measured: %.3f. The machine's idle share and other "
                        + "tenants (see Noise) take the rest. The ratio is the cost per order, not waiting on the broker.%n%n",
                intakeCpu, cpu(at64.intake(), "paddock-gateway"), 100 * at64.intake().systemShare().getOrDefault("paddock-gateway", 0.0),
                cpu(at64.intake(), "nats-server"), cpu(at64.intake(), "bench (clients, trace keeper)"),
                rawCpu, cpu(at64.raw(), "nats-server"), cpu(at64.raw(), "bench (clients, trace keeper)"),
                Runtime.getRuntime().availableProcessors(), cores, cores / intakeCpu, cores / rawCpu, rawCpu / intakeCpu,
                at64.ratio()));
        md.append("Where that cost comes from, per accepted order:\n\n")
                .append("- **Three synchronous JetStream writes instead of one**: the order on `ORDERS`, the first snapshot ")
                .append("created in KV `orders`, the `RECEIVED` event on `ORDER_EVENTS`, each stored and acknowledged by the broker ")
                .append("before the next starts (the nats-server column: about three times the raw publish).\n")
                .append("- **Thread hand-offs**: Netty's event loop hands the request to a virtual thread, which hands each publish to ")
                .append("jnats' writer thread and is woken by its reader thread three times, then hands the response back to the ")
                .append("event loop. Each hand-off is a futex wake-up and a context switch; on this virtual machine they are the ")
                .append("kernel share and the context switches above. The raw publisher has one hand-off per message and batches.\n")
                .append("- **Tracing every order**: the agent's HTTP server span, the publish span and their export over OTLP ")
                .append("(the table without the agent shows its share), and the trace keeper receiving them on the same cores.\n")
                .append("- **The HTTP request itself**: parsing, routing, JSON binding, bean validation, the menu check, JSON out ")
                .append("(Netty, Micronaut, Jackson), one JSON log line per order, and the HTTP client on the same two cores ")
                .append("(the bench column).\n\n")
                .append(String.format(Locale.ROOT, "A ratio of %.1f would need the whole intake path at about %.0f µs of CPU per ",
                        TARGET_INTAKE_RATIO_64, rawCpu / TARGET_INTAKE_RATIO_64))
                .append("order, HTTP client included: less than a single synchronous JetStream round trip costs the broker and the ")
                .append("gateway's client together here, before any HTTP. With three durable writes per order the target cannot be ")
                .append("reached on this machine by tuning; it would take a different intake design (one write per order, with the ")
                .append("snapshot and the event made by the maestro or batched asynchronously) and a lighter HTTP stack.\n\n");
        GatewayProfile.Summary profile = intake.profile();
        if (profile != null && profile.samples() > 0) {
            md.append("### Where the gateway's CPU goes (JDK Flight Recorder)\n\n");
            md.append("`jcmd <pid> JFR.start settings=profile` in the running gateway for a separate 6 s at 64 clients (not part of ")
                    .append("the figures above); ").append(profile.samples()).append(" execution samples of Java code. *Self* is the ")
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
            md.append('\n');
        }
        LoopResult at16 = intake.at(16).intake();
        md.append("### What limits `intake_p99_ms_16`\n\n");
        md.append(String.format(Locale.ROOT, "At 16 clients the p50 is %.2f ms, the p90 %.2f ms and the p99 %.2f ms (target < %s). "
                        + "With 16 requests in flight and %d cores, a request waits behind the others' CPU work, so the p50 is about "
                        + "16 × the CPU per order divided by the cores (16 × %.0f µs / %d ≈ %.1f ms). ",
                at16.p50Ms(), at16.p90Ms(), at16.p99Ms(), fmt(TARGET_INTAKE_P99_MS_16),
                Runtime.getRuntime().availableProcessors(), total(at16), Runtime.getRuntime().availableProcessors(),
                16 * total(at16) / Runtime.getRuntime().availableProcessors() / 1000));
        if (at16.gc() != null) {
            md.append(String.format(Locale.ROOT, "The gateway paused for GC %d times (%.0f ms in all) in the %.0f s window; ",
                    at16.gc().young() + at16.gc().full(), at16.gc().pauseMs(), at16.seconds()));
        }
        md.append("the tail beyond that is the scheduler: more runnable threads (16 clients, the gateway's carriers and event ")
                .append("loops, jnats' reader and writer, nats-server, the exporter) than cores, so a request whose thread is ")
                .append("descheduled waits a time slice. The p99 falls with the CPU per order; on a quiet machine it falls further.\n\n");
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
        md.append("| process | CPU ms per order | idle CPU ms per second (before any order) |\n|---|---:|---:|\n");
        pipeline.cpuMsPerOrder().forEach((process, ms) -> md.append("| ").append(process).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f", ms)).append(" | ")
                .append(kitchen.idleCpuMsPerS().containsKey(process)
                        ? String.format(Locale.ROOT, "%.1f", kitchen.idleCpuMsPerS().get(process)) : "—")
                .append(" |\n"));
        md.append('\n');

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

        md.append("## 3. Footprint and start-up\n\n");
        md.append("Same mesh. *Start → healthy*: from launching each JVM until its health check first answered SERVING (gRPC) or ")
                .append("200 (`/healthz`), all five starting at once on the shared cores, as `./boxbox up` starts them. *Idle*: VmRSS ")
                .append("after start-up and a settling pause, before any order. *Under load*: the highest VmRSS sampled every 200 ms ")
                .append("during the winning race weekend (`./boxbox load winning`: 10 → 100 → 10 users, Gatling), which ran at time ")
                .append("scale 0 so every order also went through the whole kitchen.\n\n");
        md.append("| service | start → healthy s | idle RSS MiB | max RSS under load MiB |\n|---|---:|---:|---:|\n");
        kitchen.rssIdleMb().forEach((service, idle) -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.0f | %.0f |%n",
                service, kitchen.startToHealthyS().getOrDefault(service, Double.NaN), idle,
                kitchen.rssUnderLoadMb().getOrDefault(service, Double.NaN))));
        GatlingRun.Summary load = kitchen.load();
        md.append(String.format(Locale.ROOT, "%nThe load itself: %d requests, %d errors, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, "
                        + "%.1f requests/s (Gatling exit %d). Spans received by the trace keeper during the kitchen run: %d.%n%n",
                load.requests(), load.errors(), load.p50Ms(), load.p95Ms(), load.p99Ms(), load.requestsPerSecond(),
                load.exitCode(), kitchen.spansReceived()));
    }

    private static void cpuRow(StringBuilder md, int clients, String path, LoopResult result) {
        md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %.0f | %s | %.0f |%n", clients, path,
                cpuCell(result, "paddock-gateway"), cpuCell(result, "nats-server"), cpuCell(result, "bench (clients, trace keeper)"),
                total(result), path.equals("intake")
                        ? String.format(Locale.ROOT, "%.1f", result.contextSwitchesPerCall().getOrDefault("paddock-gateway", 0.0))
                        : "—",
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

    private static double total(LoopResult result) {
        return result.cpuMicrosPerCall().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private String targetCell(String key, com.fasterxml.jackson.databind.JsonNode value) {
        Map<String, String> targets = Map.of(
                "intake_ratio_64", "≥ " + fmt(TARGET_INTAKE_RATIO_64),
                "intake_p99_ms_16", "< " + fmt(TARGET_INTAKE_P99_MS_16),
                "rss_mb_max_under_load", "≤ " + fmt(TARGET_RSS_MB_UNDER_LOAD) + " (agent attached)");
        String target = targets.get(key);
        if (target == null) {
            return "";
        }
        if (value.isNull()) {
            return target + " — not measured";
        }
        double v = value.asDouble();
        boolean met = switch (key) {
            case "intake_ratio_64" -> v >= TARGET_INTAKE_RATIO_64;
            case "intake_p99_ms_16" -> v < TARGET_INTAKE_P99_MS_16;
            default -> v <= TARGET_RSS_MB_UNDER_LOAD;
        };
        return target + (met ? " — **met**" : " — **missed** (see below)");
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
