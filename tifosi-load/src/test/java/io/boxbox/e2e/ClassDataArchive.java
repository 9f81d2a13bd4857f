package io.boxbox.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dynamic class-data-sharing archive per service instance (JDK 19+: {@code -XX:+AutoCreateSharedArchive}).
 * The suite starts the five services a dozen times over; most of each start is the JVM loading and
 * verifying the same Micronaut, gRPC and Netty classes. The first clean exit of an instance writes
 * its archive next to the service jar; every later start maps it instead, and the JVM rebuilds it by
 * itself when the jar changes. One file per instance, not per service, because two maestri exit at
 * the same moment and must not write one file together. Not used with the OpenTelemetry agent, by
 * measurement (tifosi-load/bench/jvm-options.md): a dump with the agent needs a diagnostic, test-only
 * flag and saves no start-up CPU, and a JDK 25 AOT cache trained without the agent is either refused or
 * hides classes from the agent (the gateway then answers every order 500).
 */
final class ClassDataArchive {

    private final Path root;

    ClassDataArchive(Path root) {
        this.root = root;
    }

    List<String> optionsFor(String service, String instance) {
        if (Boolean.getBoolean("boxbox.mesh.noClassData")) {
            return List.of(); // StartupProbe measuring archives of its own
        }
        Path dir = root.resolve(service).resolve("target").resolve("cds");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // -Xlog:cds off: a stale archive is replaced silently; its warning is not a JSON log line.
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir.resolve(instance + ".jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
}
