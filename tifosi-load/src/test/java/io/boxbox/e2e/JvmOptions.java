package io.boxbox.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The services' JVM options from {@code jvm.options} at the repository root, the file
 * {@code ./boxbox up} reads too, so tests and benchmarks run the services as users do.
 * One option per line; {@code #} starts a comment. As in {@code ./boxbox}, a non-empty
 * {@code BOXBOX_JAVA_OPTS} in the environment replaces the file (to measure other flags).
 */
public final class JvmOptions {

    private JvmOptions() {
    }

    public static List<String> of(Path root) {
        String override = System.getenv("BOXBOX_JAVA_OPTS");
        if (override != null && !override.isBlank()) {
            return List.of(override.strip().split("\\s+"));
        }
        Path file = root.resolve("jvm.options");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .flatMap(line -> Arrays.stream(line.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
