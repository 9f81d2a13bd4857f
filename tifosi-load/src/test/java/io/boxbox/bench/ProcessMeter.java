package io.boxbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Linux says about a process: CPU time (utime + stime from {@code /proc/<pid>/stat}, in clock
 * ticks) and resident memory (VmRSS from {@code /proc/<pid>/status}, PSS from {@code smaps_rollup}); and how busy the whole machine
 * was ({@code /proc/stat}), so a report can say how much other work shared the cores.
 */
final class ProcessMeter {

    /** {@code getconf CLK_TCK}; 100 on every Linux this runs on, asked anyway. */
    static final long CLOCK_TICKS = clockTicks();

    private ProcessMeter() {
    }

    /** User + system CPU time of the process, in clock ticks. */
    static long cpuTicks(long pid) {
        String[] fields = statFields(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** System (kernel) CPU time of the process alone, in clock ticks. */
    static long systemTicks(long pid) {
        return Long.parseLong(statFields(pid)[12]);
    }

    /**
     * Context switches of all the process's threads (voluntary + involuntary, from
     * {@code /proc/<pid>/task/<tid>/status}): each hand-off of a request between threads costs two.
     * Threads that ended meanwhile are not counted, so this is a lower bound.
     */
    static long contextSwitches(long pid) {
        long switches = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                } catch (IOException threadEnded) {
                    // the thread ended between the listing and the read: nothing to add
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return switches;
    }

    /** The same, plus what its children that were waited for used (cutime + cstime). */
    static long cpuTicksWithReapedChildren(long pid) {
        String[] fields = statFields(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    static double ticksToMs(long ticks) {
        return ticks * 1000.0 / CLOCK_TICKS;
    }

    /** Resident set size in MiB (VmRSS). */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of process " + pid, e);
        }
        throw new IllegalStateException("process " + pid + " has no VmRSS (a kernel thread?)");
    }

    /**
     * Proportional set size in MiB ({@code Pss:} of {@code /proc/<pid>/smaps_rollup}): resident pages,
     * each shared page divided by the number of processes mapping it.
     */
    static double pssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the proportional memory of process " + pid, e);
        }
        throw new IllegalStateException("process " + pid + " has no Pss in smaps_rollup (a kernel older than 4.14?)");
    }

    /** Machine-wide CPU ticks since boot: {busy, total} over all cores (iowait counts as idle). */
    static long[] machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU ticks of every named process now; see {@link #cpuMsSince}. */
    static Map<String, Long> ticks(Map<String, Long> pids) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, cpuTicks(pid)));
        return ticks;
    }

    /** CPU milliseconds each named process used since {@code before} was taken. */
    static Map<String, Double> cpuMsSince(Map<String, Long> pids, Map<String, Long> before) {
        Map<String, Double> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, ticksToMs(cpuTicks(pid) - before.get(name))));
        return used;
    }

    /** User and kernel CPU ticks and context switches of every named process now; see {@link Usage#since}. */
    static Map<String, Usage> usage(Map<String, Long> pids) {
        Map<String, Usage> usage = new LinkedHashMap<>();
        pids.forEach((name, pid) -> usage.put(name, new Usage(cpuTicks(pid), systemTicks(pid), contextSwitches(pid))));
        return usage;
    }

    /** A process's CPU ticks (of which in the kernel) and context switches, at one moment or over a span. */
    record Usage(long cpuTicks, long systemTicks, long contextSwitches) {

        static Map<String, Usage> since(Map<String, Long> pids, Map<String, Usage> before) {
            Map<String, Usage> used = new LinkedHashMap<>();
            usage(pids).forEach((name, now) -> {
                Usage then = before.get(name);
                used.put(name, new Usage(now.cpuTicks - then.cpuTicks, now.systemTicks - then.systemTicks,
                        now.contextSwitches - then.contextSwitches));
            });
            return used;
        }

        double cpuMs() {
            return ticksToMs(cpuTicks);
        }

        double systemShare() {
            return cpuTicks == 0 ? 0 : (double) systemTicks / cpuTicks;
        }
    }

    /** Fields of /proc/<pid>/stat after the command name, so index 0 is the state (field 3). */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
