package io.boxbox.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The checkout the deployment files live in, and YAML read the way compose and kubectl read it. */
final class Repository {

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    /** Surefire runs in deploy-check/; the repository root is the first parent with docker-compose.yml. */
    static Repository locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return new Repository(dir);
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML document; merge keys ({@code <<: *anchor}) resolved, as compose does. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        Object doc = yamlParser().load(read(file));
        if (!(doc instanceof Map)) {
            throw new IllegalArgumentException(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) doc;
    }

    Map<String, Object> yaml(String relative) {
        return yaml(path(relative));
    }

    /** Every non-empty document of a multi-document YAML stream (kubectl kustomize's output, a manifest file). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yamlParser().loadAll(text)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map)) {
                throw new IllegalArgumentException("a YAML document that is not a mapping: " + doc);
            }
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    private static Yaml yamlParser() {
        LoaderOptions options = new LoaderOptions();
        // A key given twice is a mistake in a manifest (the second silently wins otherwise).
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** Nested lookup: {@code get(compose, "services", "maestro-1", "environment")}; null when absent. */
    @SuppressWarnings("unchecked")
    static <T> T get(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }
}
