package io.boxbox.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The k6 script cannot be run here (no k6 binary), so it is type-checked instead: TypeScript
 * ({@code tsc --checkJs}) against {@code @types/k6}, both pinned in {@code package.json}.
 * {@code ./boxbox test} runs {@code npm ci} in tifosi-load first, so the compiler is there.
 */
class K6ScriptTypeCheckTest {

    private static final long TSC_TIMEOUT_SECONDS = 120;

    /** Surefire runs with the module as working directory and also sets {@code basedir}. */
    private final Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();

    @Test
    void scriptTypeChecksAgainstK6Types() throws Exception {
        Tsc result = tsc(module, module.resolve("tsconfig.json"));

        assertEquals(0, result.exitCode(),
                () -> "tsc found problems in tifosi-load/script.js (run `npx tsc -p tsconfig.json` in tifosi-load):\n"
                        + result.output());
    }

    @Test
    void aTypeErrorInTheScriptFailsTheCheck(@TempDir Path dir) throws Exception {
        // The real script plus one line k6 would reject: http.get takes a URL, not a number.
        List<String> lines = Files.readAllLines(module.resolve("script.js"), StandardCharsets.UTF_8);
        int brokenLine = lines.size() + 1;
        Files.writeString(dir.resolve("script.js"),
                String.join("\n", lines) + "\nhttp.get(42);\n", StandardCharsets.UTF_8);
        // Same compiler options as the real check; only the k6 types are found from the module.
        String types = slashes(module.resolve("node_modules/@types"));
        Files.writeString(dir.resolve("tsconfig.json"), """
                {
                  "extends": "%s",
                  "compilerOptions": {
                    "typeRoots": ["%s"],
                    "paths": { "k6": ["%s/k6"], "k6/*": ["%s/k6/*"] }
                  },
                  "include": ["script.js"]
                }
                """.formatted(slashes(module.resolve("tsconfig.json")), types, types, types), StandardCharsets.UTF_8);

        Tsc result = tsc(dir, dir.resolve("tsconfig.json"));

        assertNotEquals(0, result.exitCode(), () -> "tsc accepted a script with a type error:\n" + result.output());
        // TS2345 on that very line also proves the k6 types were found: with k6/http unresolved,
        // `http` would be untyped and the bad call would pass.
        assertTrue(result.output().contains("script.js(" + brokenLine + ",10): error TS2345"),
                () -> "expected TS2345 at the appended http.get(42) (line " + brokenLine + "), got:\n" + result.output());
    }

    private Tsc tsc(Path workDir, Path tsconfig) throws IOException, InterruptedException {
        Path tsc = module.resolve("node_modules/.bin/tsc");
        if (!Files.isExecutable(tsc)) {
            fail(tsc + " is missing: run `npm ci` in tifosi-load (`./boxbox test` does that automatically)");
        }
        Path log = Files.createTempFile("tsc-", ".log");
        try {
            Process process = new ProcessBuilder(tsc.toString(), "-p", tsconfig.toString(), "--pretty", "false")
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TSC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("tsc did not finish within " + TSC_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
            }
            return new Tsc(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** JSON-safe path: forward slashes need no escaping. */
    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    private record Tsc(int exitCode, String output) {
    }
}
