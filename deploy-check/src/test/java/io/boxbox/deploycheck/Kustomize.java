package io.boxbox.deploycheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A kustomization, rendered by {@code kubectl kustomize} when kubectl is installed, and otherwise
 * read file by file: every resource file it lists, following bases and components, and every file
 * its generators name. The second is weaker (no patches, generators, name suffixes or namespaces
 * applied), which the tests say when they fall back to it.
 */
final class Kustomize {

    private final Path dir;

    Kustomize(Path dir) {
        this.dir = dir;
    }

    /**
     * kubectl on the PATH, or empty; the tests skip what needs a real render without it.
     * {@code -Dboxbox.kubectl=none} acts as if it were missing (to try the fallback), a path names another.
     */
    static Optional<Path> kubectl() {
        String chosen = System.getProperty("boxbox.kubectl", "");
        if (chosen.equals("none")) {
            return Optional.empty();
        }
        if (!chosen.isEmpty()) {
            return Optional.of(Path.of(chosen));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, "kubectl");
            if (!entry.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize DIR}: the objects kubectl apply -k would send. */
    List<Map<String, Object>> render(Path kubectl) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(errors.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // Generous: the machine is shared and may be slow; kustomize itself takes well under a second.
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + Files.readString(errors));
            }
            return Repository.yamlDocuments(out);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The kustomization.yaml itself. */
    Map<String, Object> kustomization() {
        return Repository.yaml(dir.resolve("kustomization.yaml"));
    }

    /**
     * Without kubectl: every resource file this kustomization and the ones it includes list,
     * and every generator's input file (which must exist).
     */
    List<ResourceFile> resourceFiles() {
        List<ResourceFile> files = new ArrayList<>();
        collect(dir, files);
        return files;
    }

    private static void collect(Path dir, List<ResourceFile> into) {
        Map<String, Object> kustomization = Repository.yaml(dir.resolve("kustomization.yaml"));
        for (String entry : strings(kustomization.get("resources"))) {
            Path target = dir.resolve(entry).normalize();
            if (Files.isDirectory(target)) {
                collect(target, into);
            } else {
                into.add(new ResourceFile(target, Kind.RESOURCE));
            }
        }
        for (String entry : strings(kustomization.get("components"))) {
            collect(dir.resolve(entry).normalize(), into);
        }
        for (Object generator : list(kustomization.get("configMapGenerator"))) {
            for (String file : strings(Repository.get(generator, "files"))) {
                // `key=path` names the key; the file is the part after '='.
                String source = file.contains("=") ? file.substring(file.indexOf('=') + 1) : file;
                into.add(new ResourceFile(dir.resolve(source).normalize(), Kind.GENERATOR_INPUT));
            }
        }
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    enum Kind { RESOURCE, GENERATOR_INPUT }

    record ResourceFile(Path path, Kind kind) {
    }
}
