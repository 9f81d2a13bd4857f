package io.boxbox.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jvm.options is read in two places, Mesh (JvmOptions) and jvm-options.awk (./boxbox up, and the
 * Dockerfile for each image): both must give every service the same options on every JDK.
 */
class JvmOptionsTest {

    private static final Path REPO = Path.of(System.getProperty("boxbox.root", "..")).toAbsolutePath().normalize();

    private static final String SAMPLE = """
            # shared
            -Xss512k -XX:+UseSerialGC   # two on one line
            [paddock-gateway] -Xmx96m
            [maestro] -Xmx48m
            [jdk24+] -XX:+UseCompactObjectHeaders
            [jdk24+] [maestro] -Dcompact.maestro=true
            """;

    @Test
    void aServiceGetsTheSharedOptionsAndItsOwn(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("jvm.options"), SAMPLE);
        assumeTrue(System.getenv("BOXBOX_JAVA_OPTS") == null, "BOXBOX_JAVA_OPTS replaces the file");

        assertEquals(List.of("-Xss512k", "-XX:+UseSerialGC", "-Xmx96m"), JvmOptions.forService(root, "paddock-gateway", 21));
        assertEquals(List.of("-Xss512k", "-XX:+UseSerialGC", "-Xmx48m", "-XX:+UseCompactObjectHeaders",
                "-Dcompact.maestro=true"), JvmOptions.forService(root, "maestro", 25));
        assertEquals(List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders"),
                JvmOptions.forService(root, "chef-sim", 24));
    }

    @Test
    void aMistypedSelectorIsAnErrorNotALineDropped(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("jvm.options"), "[gateway] -Xmx96m\n");
        assertThrows(IllegalArgumentException.class, () -> JvmOptions.forService(root, "paddock-gateway", 25));
    }

    @Test
    void boxboxReadsTheSampleAsMeshDoes(@TempDir Path root) throws Exception {
        copyScripts(root);
        Files.writeString(root.resolve("jvm.options"), SAMPLE);
        assertSameAsMesh(root);
    }

    @Test
    void boxboxReadsTheRepositorysFileAsMeshDoes() throws Exception {
        assertSameAsMesh(REPO);
    }

    @Test
    void boxboxRefusesAMistypedSelector(@TempDir Path root) throws Exception {
        copyScripts(root);
        Files.writeString(root.resolve("jvm.options"), "[gateway] -Xmx96m\n");
        Result result = boxbox(root, 25);
        assertNotEquals(0, result.exit());
        assertTrue(result.output().contains("unknown selector [gateway]"), result.output());
    }

    @Test
    void theImagesMawkRendersTheRepositorysFileAsMeshDoes() throws Exception {
        // the runtime image (Ubuntu) has mawk, not gawk; the Dockerfile runs the same script with it
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mawk")), "no mawk here");
        assumeTrue(System.getenv("BOXBOX_JAVA_OPTS") == null, "BOXBOX_JAVA_OPTS replaces the file");
        for (String service : Mesh.SERVICES) {
            Process process = new ProcessBuilder("/usr/bin/mawk", "-v", "svc=" + service, "-v", "jdk=21",
                    "-v", "services=" + String.join(" ", Mesh.SERVICES), "-f", REPO.resolve("jvm-options.awk").toString(),
                    REPO.resolve("jvm.options").toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, process.waitFor(), output);
            assertEquals(String.join(" ", JvmOptions.forService(REPO, service, 21)), output, service);
        }
    }

    private static void copyScripts(Path root) throws IOException {
        for (String script : List.of("boxbox", "jvm-options.awk")) {
            Files.copy(REPO.resolve(script), root.resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void assertSameAsMesh(Path root) throws Exception {
        assumeTrue(System.getenv("BOXBOX_JAVA_OPTS") == null, "BOXBOX_JAVA_OPTS replaces the file");
        for (int jdk : new int[] {21, 25}) {
            Result result = boxbox(root, jdk);
            assertEquals(0, result.exit(), result.output());
            Map<String, String> expected = new LinkedHashMap<>();
            for (String service : Mesh.SERVICES) {
                expected.put(service, String.join(" ", JvmOptions.forService(root, service, jdk)));
            }
            Map<String, String> printed = new LinkedHashMap<>();
            result.output().lines().filter(line -> line.contains(": ")).forEach(line ->
                    printed.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2)));
            assertEquals(expected, printed, "JDK " + jdk);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result boxbox(Path root, int jdk) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", root.resolve("boxbox").toString(),
                "jvm-options", "--jdk", Integer.toString(jdk), "panettiere", "chef-sim", "driver-sim", "maestro",
                "paddock-gateway"))
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("BOXBOX_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./boxbox jvm-options did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
