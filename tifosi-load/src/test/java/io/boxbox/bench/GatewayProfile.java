package io.boxbox.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where the gateway's CPU goes while it takes orders: a JDK Flight Recorder recording started in
 * the running gateway with {@code jcmd <pid> JFR.start} (so the gateway runs with the same flags as
 * in the measured runs), summarised from its execution samples by component.
 */
final class GatewayProfile {

    /** Components by class-name prefix; the first that matches names a frame. */
    private static final Map<String, List<String>> COMPONENTS = componentPrefixes();

    /**
     * @param samples        execution samples (Java threads running Java code) in the recording
     * @param selfPercent    share of samples whose top frame is in each component (sums to 100)
     * @param inclusivePercent share of samples with the component anywhere on the stack
     * @param topMethods     the hottest methods by self samples, with their share
     * @param recording      the .jfr file, for JDK Mission Control or {@code jfr print}
     */
    record Summary(long samples, Map<String, Double> selfPercent, Map<String, Double> inclusivePercent,
                   Map<String, Double> topMethods, Map<String, Double> threadPercent,
                   Map<String, Double> boxBoxOnStack, String recording) {
    }

    /** Deep enough for Micronaut, Reactor and the agent's wrappers above a request's Box Box frames (64 by default). */
    static final int STACK_DEPTH = 1024;

    @FunctionalInterface
    interface Load {
        void run() throws Exception;
    }

    private GatewayProfile() {
    }

    /** One gateway recorded while {@code load} runs, in {@code gateway-intake.jfr}; null when it would not record. */
    static Summary record(long pid, Load load, Path dir) throws Exception {
        return recordWhile(Map.of("intake", pid), load, dir, "gateway").get("intake");
    }

    /**
     * Records every service of {@code pids} at once while {@code load} runs, each in a file of its
     * own ({@code <prefix>-<service>.jfr}), and summarises each: where a whole pipeline's CPU goes.
     */
    static Map<String, Summary> recordWhile(Map<String, Long> pids, Load load, Path dir, String prefix) throws Exception {
        Files.createDirectories(dir);
        Map<String, Long> recording = new LinkedHashMap<>();
        for (Map.Entry<String, Long> service : pids.entrySet()) {
            try {
                jcmd(service.getValue(), "JFR.configure", "stackdepth=" + STACK_DEPTH);
                jcmd(service.getValue(), "JFR.start", "name=boxbox-bench", "settings=profile");
                recording.put(service.getKey(), service.getValue());
            } catch (IllegalStateException e) {
                // a profile is an extra: a service that will not record is left out, the figures stand
                Progress.line("no JFR profile of %s: %s", service.getKey(), e.getMessage());
            }
        }
        load.run();
        Map<String, Summary> summaries = new LinkedHashMap<>();
        for (Map.Entry<String, Long> service : recording.entrySet()) {
            Path file = dir.resolve(prefix + "-" + service.getKey() + ".jfr");
            Files.deleteIfExists(file);
            try {
                jcmd(service.getValue(), "JFR.stop", "name=boxbox-bench", "filename=" + file);
                summaries.put(service.getKey(), summarise(file));
            } catch (IllegalStateException | IOException e) {
                Progress.line("no JFR profile of %s: %s", service.getKey(), e.getMessage());
            }
        }
        return summaries;
    }

    static Summary summarise(Path file) throws IOException {
        Map<String, Long> self = new LinkedHashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        Map<String, Long> methods = new LinkedHashMap<>();
        Map<String, Long> threads = new LinkedHashMap<>();
        Map<String, Long> ours = new LinkedHashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame top = frames.getFirst();
            self.merge(component(className(top)), 1L, Long::sum);
            methods.merge(className(top) + "." + top.getMethod().getName(), 1L, Long::sum);
            threads.merge(threadGroup(event), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            Set<String> ourSeen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String component = component(className(frame));
                if (seen.add(component)) {
                    inclusive.merge(component, 1L, Long::sum);
                }
                String method = className(frame);
                if (method.startsWith("io.boxbox.") && !method.contains("$$Lambda")) {
                    String named = method.substring(method.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
                    if (ourSeen.add(named)) {
                        ours.merge(named, 1L, Long::sum);
                    }
                }
            }
        }
        return new Summary(samples, percentages(self, samples, 20), percentages(inclusive, samples, 20),
                percentages(methods, samples, 15), percentages(threads, samples, 10), percentages(ours, samples, 20),
                file.toString());
    }

    /**
     * The kind of thread a sample ran on, its numbers dropped: request handlers on virtual threads,
     * Netty's event loops, the jnats connection's own reader and writer threads, the exporter.
     */
    static String threadGroup(RecordedEvent sample) {
        var thread = sample.getThread("sampledThread");
        String name = thread == null ? null : thread.getJavaName();
        if (name == null || name.isBlank()) {
            return thread != null && thread.isVirtual() ? "virtual (unnamed)" : "?";
        }
        return name.replaceAll("\\d+", "N");
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    private static String component(String className) {
        for (Map.Entry<String, List<String>> component : COMPONENTS.entrySet()) {
            for (String prefix : component.getValue()) {
                if (className.startsWith(prefix)) {
                    return component.getKey();
                }
            }
        }
        return "JDK and other";
    }

    private static Map<String, List<String>> componentPrefixes() {
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        prefixes.put("Box Box gateway and pacchetto", List.of("io.boxbox."));
        prefixes.put("NATS / JetStream client (jnats)", List.of("io.nats."));
        prefixes.put("JSON (Jackson)", List.of("com.fasterxml.jackson."));
        prefixes.put("OpenTelemetry (agent and API)", List.of("io.opentelemetry."));
        prefixes.put("Logging (Logback, SLF4J, JSON encoder)", List.of("ch.qos.logback.", "org.slf4j.", "net.logstash."));
        prefixes.put("Micronaut (routing, binding, validation)", List.of("io.micronaut."));
        prefixes.put("Netty (HTTP server, I/O)", List.of("io.netty."));
        prefixes.put("Bean validation", List.of("jakarta.validation.", "org.hibernate.validator."));
        prefixes.put("JDK networking and NIO", List.of("sun.nio.", "java.nio.", "sun.net.", "java.net."));
        prefixes.put("JDK concurrency (virtual threads, locks, queues)",
                List.of("java.util.concurrent.", "jdk.internal.misc.", "java.lang.VirtualThread", "java.lang.Thread"));
        prefixes.put("JDK UUID and random", List.of("java.util.UUID", "sun.security.provider.", "java.security."));
        return prefixes;
    }

    private static Map<String, Double> percentages(Map<String, Long> counts, long total, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Math.round(1000.0 * e.getValue() / total) / 10.0,
                        (a, b) -> a, LinkedHashMap::new));
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> args = new java.util.ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
    }
}
