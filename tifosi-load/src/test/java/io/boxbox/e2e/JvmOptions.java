package io.boxbox.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' JVM options from {@code jvm.options} at the repository root, the file
 * {@code ./boxbox up} and the container images read too, so tests and benchmarks run the services
 * as users do. One or more options per line; {@code #} starts a comment. A line may start with
 * selectors in brackets and then holds only where all of them match: {@code [maestro]} for that
 * service, {@code [jdk24+]} when the JDK running the service is 24 or newer (an option an older
 * JDK refuses, without hiding errors behind {@code -XX:+IgnoreUnrecognizedVMOptions}). An unknown
 * selector is an error, not a line silently dropped. As in {@code ./boxbox}, a non-empty
 * {@code BOXBOX_JAVA_OPTS} in the environment replaces the file (to measure other flags).
 */
public final class JvmOptions {

    private static final Pattern SELECTOR = Pattern.compile("^\\[([^]\\s]*)]\\s*");
    private static final Pattern JDK_AT_LEAST = Pattern.compile("jdk(\\d+)\\+");

    private JvmOptions() {
    }

    /** The options of {@code service} on the JDK that runs this harness (Mesh starts the services with it). */
    public static List<String> forService(Path root, String service) {
        return forService(root, service, Runtime.version().feature());
    }

    public static List<String> forService(Path root, String service, int jdkFeature) {
        String override = System.getenv("BOXBOX_JAVA_OPTS");
        if (override != null && !override.isBlank()) {
            return List.of(override.strip().split("\\s+"));
        }
        List<String> options = new ArrayList<>();
        for (String line : lines(root)) {
            Selected selected = select(line, service, jdkFeature);
            if (selected.applies()) {
                options.addAll(Arrays.asList(selected.options().split("\\s+")));
            }
        }
        return List.copyOf(options);
    }

    /** The file's lines as written, selectors kept: what a benchmark report records. */
    public static List<String> described(Path root) {
        String override = System.getenv("BOXBOX_JAVA_OPTS");
        if (override != null && !override.isBlank()) {
            return List.of(override.strip().split("\\s+"));
        }
        return lines(root);
    }

    private static List<String> lines(Path root) {
        Path file = root.resolve("jvm.options");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip().replaceAll("\\s+", " "))
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Selected(boolean applies, String options) {
    }

    private static Selected select(String line, String service, int jdkFeature) {
        boolean applies = true;
        String rest = line;
        Matcher matcher = SELECTOR.matcher(rest);
        while (matcher.find()) {
            String selector = matcher.group(1);
            Matcher jdk = JDK_AT_LEAST.matcher(selector);
            if (jdk.matches()) {
                applies &= jdkFeature >= Integer.parseInt(jdk.group(1));
            } else if (Set.copyOf(Mesh.SERVICES).contains(selector)) {
                applies &= selector.equals(service);
            } else {
                throw new IllegalArgumentException("jvm.options: unknown selector [" + selector + "] in '" + line
                        + "' (a service of " + Mesh.SERVICES + " or jdkN+)");
            }
            rest = rest.substring(matcher.end());
            matcher = SELECTOR.matcher(rest);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("jvm.options: '" + line + "' selects but names no option");
        }
        return new Selected(applies, rest);
    }
}
