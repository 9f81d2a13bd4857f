package io.boxbox.bench;

import io.boxbox.load.OrderMix;
import io.boxbox.load.RaceWeekendSimulation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A race weekend from {@code ./boxbox load}, run by Gatling in its own JVM (the same test classpath)
 * against a gateway, and the figures of its console summary.
 */
final class GatlingRun {

    /** Gatling's summary of one run; {@code exitCode} is non-zero when an assertion failed. */
    record Summary(String weekend, long requests, long errors, double p50Ms, double p95Ms, double p99Ms,
                   double requestsPerSecond, int exitCode, String report, String console) {
    }

    private GatlingRun() {
    }

    static Summary run(String weekend, URI gateway, Path resultsDir) throws IOException, InterruptedException {
        Files.createDirectories(resultsDir);
        Path console = resultsDir.resolve("gatling-" + weekend + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=logback-load.xml",
                "-Dboxbox.load.scenario=" + weekend, "-Dboxbox.load.gateway=" + gateway,
                // the bench's figures are per one-pizza order, comparable run to run (see OrderMix)
                "-Dboxbox.load.mix=" + OrderMix.ONE_PIZZA.wireName(),
                "-cp", System.getProperty("java.class.path"),
                "io.gatling.app.Gatling", "--simulation", RaceWeekendSimulation.class.getName(),
                "--results-folder", resultsDir.toString(), "--launcher", "boxbox-bench"));
        Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        if (!gatling.waitFor(5, TimeUnit.MINUTES)) {
            gatling.destroyForcibly();
            throw new IllegalStateException("Gatling did not finish within 5 minutes; see " + console);
        }
        String out = Files.readString(console);
        return new Summary(weekend, (long) number(out, "request count", 1), (long) number(out, "request count", 3),
                number(out, "50th percentile", 1), number(out, "95th percentile", 1), number(out, "99th percentile", 1),
                number(out, "mean throughput", 1), gatling.exitValue(),
                find(out, "please open the following file: file://(\\S+)"), console.toString());
    }

    /** Column {@code column} (1 = Total, 2 = OK, 3 = KO) of a row of the "Global Information" table; '-' is 0. */
    private static double number(String out, String row, int column) {
        int global = out.lastIndexOf("---- Global Information");
        for (String line : out.substring(Math.max(global, 0)).split("\n")) {
            if (line.startsWith("> ") && line.contains(row)) {
                String cell = line.split("\\|")[column].strip().replace(",", "");
                return cell.equals("-") ? 0 : Double.parseDouble(cell);
            }
        }
        return Double.NaN;
    }

    private static String find(String out, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(out);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last;
    }
}
