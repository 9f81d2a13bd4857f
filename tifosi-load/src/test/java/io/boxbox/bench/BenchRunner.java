package io.boxbox.bench;

import io.boxbox.e2e.JvmOptions;
import io.nats.NatsServerRunner;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;

/**
 * {@code ./boxbox bench}: measures Box Box on this machine in one go and writes BENCHMARKS.md and
 * BENCHMARKS.json. Every step starts its own brokers and services on random loopback ports with
 * temporary storage and stops them, so nothing else running here is touched (nor measured).
 *
 * <pre>java -Dboxbox.root=. -cp tifosi-load/target/test-classes:&lt;test classpath&gt;
 *     io.boxbox.bench.BenchRunner [--out BENCHMARKS] [--quick] [--ha] [--only intake,kitchen,gps,sse]</pre>
 */
public final class BenchRunner {

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        // the private nats-servers' start-up banner is noise here; their warnings still show
        NatsServerRunner.setDefaultOutputLevel(Level.WARNING);
        String date = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        Machine machine = Machine.describe();
        long self = ProcessHandle.current().pid();
        long[] machineBefore = ProcessMeter.machineTicks();
        long ownBefore = ProcessMeter.cpuTicksWithReapedChildren(self);
        long start = System.nanoTime();
        Progress.step("Box Box bench" + (options.quick() ? " (quick: short windows, to check the tooling only)" : "")
                + " — " + machine.nproc() + " cores, " + machine.cpuModel() + ", load average " + machine.loadAverageAtStart());

        IntakeBench.Result intake = options.runs("intake") ? new IntakeBench(options).run() : null;
        KitchenBench.Result kitchen = options.runs("kitchen") ? new KitchenBench(options).run() : null;
        GpsStep.Result gps = options.runs("gps") ? GpsStep.run(options) : null;
        SseWatchersBench.Result sse = options.runs("sse") ? new SseWatchersBench(options).run() : null;

        double seconds = (System.nanoTime() - start) / 1e9;
        long[] machineAfter = ProcessMeter.machineTicks();
        long own = ProcessMeter.cpuTicksWithReapedChildren(self) - ownBefore;
        long busy = machineAfter[0] - machineBefore[0];
        long total = machineAfter[1] - machineBefore[1];
        double otherCpuPercent = total == 0 ? 0 : Math.max(0, 100.0 * (busy - own) / total);

        BenchResults results = new BenchResults(date, options.command(), machine, JvmOptions.described(options.root()), seconds,
                otherCpuPercent, intake, kitchen, gps, sse);
        BenchReport report = new BenchReport(results, options.root());
        report.write(options.out());
        Progress.step("wrote " + options.out() + ".md and .json in " + Math.round(seconds) + " s");
        System.out.println(report.headline().toPrettyString());
        // Netty, jnats and the HTTP client leave non-daemon threads behind; the work is done.
        System.exit(0);
    }
}
