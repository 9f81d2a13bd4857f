package io.boxbox.chaos;

import io.boxbox.bench.OrderPoster;
import io.boxbox.load.OrderMix;
import io.boxbox.load.RaceWeekend;
import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.testing.PrivateNatsCluster;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./boxbox ha [minutes]}: the fault test of the scaled-out shape, run on what
 * {@code ./boxbox up --ha} starts (three clustered nats-servers, two replicas of maestro and of
 * each kitchen service; see {@link ScriptedMesh}). While the winning weekend places orders it
 * {@code kill -9}s the node that leads {@code ORDERS}, then replica 2 of panettiere, chef-sim and
 * driver-sim; reads {@code ./boxbox status} while they are down; brings them back with
 * {@code ./boxbox up --ha} (what a person does); then checks:
 * <ul>
 *   <li>every accepted order ended exactly once ({@link OrderAudit}, as after {@code chaos});</li>
 *   <li>while the replicas were down, every dough, bake and delivery was done by replica 1 (the
 *       record names the instance), and status showed replica 1's calls served rising;</li>
 *   <li>another node took {@code ORDERS} over, and the killed one rejoined and caught up: every copy
 *       current with no lag, and status shows the same last sequences on all three nodes.</li>
 * </ul>
 * Exit status of {@link #main}: 0 clean, 1 findings, 2 the run itself broke.
 */
public final class HaRun {

    /** The kitchen services the run kills replica 2 of; the maestri are left alone. */
    static final List<String> KITCHENS = List.of("panettiere", "chef-sim", "driver-sim");
    private static final int COPIES = 3;
    /** After the kills, status is read this much later (the maestri have noticed by then). */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /**
     * A step a replica did just before its kill may reach the record later (the maestro writes it
     * once it has the answer, on a busy machine seconds later): the record's survivor check starts
     * this long after the kill.
     */
    private static final Duration ANSWERS_IN_FLIGHT = Duration.ofSeconds(10);
    /** "Gino (panettiere-1)": the person and the instance the kitchen answered from. */
    private static final Pattern INSTANCE = Pattern.compile("\\((panettiere|chef-sim|driver-sim)-(\\d+)\\)$");

    /**
     * @param agent whether the services run with the OpenTelemetry agent: with it, status shows the
     *              calls each unit served; without, nine JVMs start in half the time (the suite's
     *              short form), and the record alone shows who took the calls
     */
    record Settings(Duration window, long seed, int peakUsers, double timeScale, Duration drainPatience, boolean agent) {

        static Settings parse(String[] args) {
            RunArguments run = RunArguments.parse(args, 6, 4, Set.of(), Set.of("--no-agent"),
                    "[minutes] [--seed N] [--peak-users N] [--time-scale S] [--no-agent]");
            return of(run.window(), run.seed(), run.peakUsers(), run.timeScale(), !run.flags().contains("--no-agent"));
        }

        static Settings of(Duration window, long seed, int peakUsers, double timeScale, boolean agent) {
            Duration drain = window.compareTo(Duration.ofMinutes(2)) > 0 ? window : Duration.ofMinutes(2);
            return new Settings(window, seed, peakUsers, timeScale, drain, agent);
        }
    }

    /** The audit, and what the HA checks found (empty when the shape rode it out). */
    record Report(AuditReport audit, List<String> problems) {

        boolean clean() {
            return audit.clean() && problems.isEmpty();
        }

        String summary() {
            return (problems.isEmpty() ? "== HA checks: all held" : "== HA checks: " + problems.size() + " failed:\n  "
                    + String.join("\n  ", problems)) + "\n" + audit.summary();
        }
    }

    private final Settings settings;
    private final Path root;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private final long began = System.nanoTime();

    HaRun(Settings settings, Path root, PrintStream out) {
        this.settings = settings;
        this.root = root;
        this.out = out;
    }

    public static void main(String[] args) {
        RunExit.exitWith("ha", () -> {
            Path root = Path.of(System.getProperty("boxbox.root", ".")).toAbsolutePath().normalize();
            return new HaRun(Settings.parse(args), root, System.out).run().clean();
        });
    }

    /** The services' environment: the kitchen as it is (people nap, burn, smoke), a killed call's order back within seconds. */
    private Map<String, String> kitchen() {
        Map<String, String> env = new HashMap<>(Map.of(
                "BOXBOX_SIM_TIME_SCALE", Double.toString(settings.timeScale()),
                "BOXBOX_SIM_SEED", Long.toString(settings.seed()),
                "BOXBOX_NATS_ACK_WAIT", "3s",
                "BOXBOX_MAESTRO_IN_PROGRESS_INTERVAL", "1s",
                // at this time scale two panettieri are both asleep half the time: with four (three
                // on replica 2) the service is SERVING often enough for up's health wait
                "BOXBOX_PANETTIERE_CREW", "Gino,Pina,Beppe,Nonna",
                "BOXBOX_PANETTIERE_2_CREW", "Tonino,Rosa,Ettore",
                // one load client from one address: a per-user limit would turn the weekend into 429s
                "BOXBOX_RATE_LIMIT_ENABLED", "false"));
        if (!settings.agent()) {
            env.put("BOXBOX_AGENT", "off");
        }
        return env;
    }

    /** Runs it all and prints the audit (its summary last) once the mesh is down. */
    Report run() throws Exception {
        AuditReport audit = strikeAndAudit();
        Report report = new Report(audit, List.copyOf(problems));
        audit.print(out);
        out.println(report.summary());
        out.flush();
        return report;
    }

    private AuditReport strikeAndAudit() throws Exception {
        long window = settings.window().toMillis();
        say("%s of the winning weekend (peak %d users) on ./boxbox up --ha%s, time scale %s, seed %d",
                settings.window(), settings.peakUsers(), settings.agent() ? "" : " (BOXBOX_AGENT=off)",
                settings.timeScale(), settings.seed());
        try (ScriptedMesh mesh = ScriptedMesh.prepare(root, kitchen(), out)) {
            Instant starting = Instant.now();
            mesh.upHa();
            say("up --ha is healthy after %.1f s; logs in %s", seconds(starting, Instant.now()), mesh.logs());
            try (Connection nats = Nats.connect(Options.builder().servers(mesh.operatorUrls().toArray(String[]::new))
                    .maxReconnects(-1).reconnectWait(Duration.ofMillis(250))
                    // jnats' default listener logs every flow-control message of the audit's ordered consumer
                    .errorListener(new ErrorListener() { }).build());
                 OrderPoster poster = new OrderPoster(mesh.gateway(), new TifosiOrders(new PaddockMap().menu(),
                         OrderMix.ONE_PIZZA, TifosiOrders.randomFrom(settings.seed())), 1000, o -> true)) {
                JetStreamManagement jsm = nats.jetStreamManagement();
                WeekendLoad load = new WeekendLoad(poster, RaceWeekend.WINNING, settings.peakUsers(),
                        new RandomSource(settings.seed()));
                Thread tifosi = Thread.ofPlatform().name("weekend").start(() -> {
                    try {
                        load.run(settings.window());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                long start = System.nanoTime();
                List<Fault> faults = new ArrayList<>();

                sleepUntil(start, window / 5);
                String leader = awaitLeader(jsm, Topology.ORDERS_STREAM, null)
                        .orElseThrow(() -> new IllegalStateException("ORDERS has no leader after 30 s"));
                Instant nodeKilled = Instant.now();
                long pid = mesh.kill(leader + "-server");
                say("killed %s (pid %d, kill -9), the node leading ORDERS", leader, pid);
                String successor = awaitLeader(jsm, Topology.ORDERS_STREAM, leader).orElseGet(() -> {
                    problems.add("no node took ORDERS over within 30 s of killing " + leader);
                    return "nobody";
                });
                say("%s leads ORDERS after %.1f s", successor, seconds(nodeKilled, Instant.now()));

                sleepUntil(start, window * 35 / 100);
                Instant replicasKilled = Instant.now();
                for (String service : KITCHENS) {
                    mesh.kill(service + "-2");
                }
                say("killed replica 2 of %s (kill -9)", KITCHENS);
                Thread.sleep(SETTLE);
                ClusterStatus whileDown = ClusterStatus.parse(mesh.status().output());
                if (!survivorsHealthy(whileDown)) {
                    // a health check answered late on a busy machine: look again, as a person would
                    Thread.sleep(SETTLE);
                    whileDown = ClusterStatus.parse(mesh.status().output());
                }
                say("./boxbox status with %s and the replicas down:%n%s", leader, whileDown.text().stripTrailing());
                checkDown(whileDown, leader);

                sleepUntil(start, window * 3 / 4);
                if (settings.agent()) {
                    ClusterStatus later = ClusterStatus.parse(mesh.status().output());
                    say("./boxbox status %.0f s later:%n%s", seconds(replicasKilled, Instant.now()), later.text().stripTrailing());
                    checkSurvivorsServed(whileDown, later);
                } else {
                    say("no agent, so status shows no calls served: the record will show who took the calls");
                }
                Instant restarting = Instant.now();
                mesh.upHa();
                Instant back = Instant.now();
                say("./boxbox up --ha brought %s and the replicas back in %.1f s", leader, seconds(restarting, back));
                faults.add(Fault.kill(leader, nodeKilled).backAt(back));
                KITCHENS.forEach(service -> faults.add(Fault.kill(service + "-2", replicasKilled).backAt(back)));

                tifosi.join();
                say("the weekend is over: %s", load.describe());
                Map<String, List<RecordedEvent>> record = new OrderEnds(line -> say("%s", line))
                        .await(nats, load.accepted(), settings.drainPatience());
                checkSurvivorsInRecord(record, replicasKilled.plus(ANSWERS_IN_FLIGHT), restarting);
                checkCaughtUp(jsm, mesh, leader);
                return new OrderAudit(faults, List.of()).audit(load.accepted(), record);
            }
        }
    }

    private static boolean survivorsHealthy(ClusterStatus status) {
        return KITCHENS.stream().allMatch(service -> status.state(service).equals("healthy"));
    }

    /** While they are down: the node and replica 2s dead, every replica 1 healthy; nobody may lie about it. */
    private void checkDown(ClusterStatus status, String node) {
        expect(status.state(node).equals("dead"), "status says " + node + " is " + status.state(node) + ", not dead");
        for (String service : KITCHENS) {
            expect(status.state(service + "-2").equals("dead"),
                    "status says " + service + "-2 is " + status.state(service + "-2") + ", not dead");
            expect(status.state(service).equals("healthy"),
                    "status says " + service + " is " + status.state(service) + " while its replica 2 is down");
        }
    }

    /** Status shows each replica 1 serving more calls while its replica 2 is down. */
    private void checkSurvivorsServed(ClusterStatus before, ClusterStatus after) {
        for (String service : KITCHENS) {
            OptionalLong then = before.callsServed(service);
            OptionalLong now = after.callsServed(service);
            if (then.isEmpty() || now.isEmpty()) {
                problems.add("status shows no calls served for " + service + " (its agent's metrics did not answer)");
            } else {
                say("%s served %d calls while replica 2 was down (%d → %d)", service, now.getAsLong() - then.getAsLong(),
                        then.getAsLong(), now.getAsLong());
                expect(now.getAsLong() > then.getAsLong(), "status shows " + service + " serving no calls while "
                        + service + "-2 was down (" + then.getAsLong() + " → " + now.getAsLong() + ")");
            }
        }
    }

    /** The record names who did each step: between the kill and the restart only replica 1, and it did work. */
    private void checkSurvivorsInRecord(Map<String, List<RecordedEvent>> record, Instant from, Instant to) {
        Map<String, Integer> steps = new TreeMap<>();
        Map<String, List<String>> byTheDead = new TreeMap<>();
        record.values().stream().flatMap(List::stream)
                .filter(e -> e.at() != null && !e.at().isBefore(from) && e.at().isBefore(to) && e.actor() != null)
                .forEach(e -> {
                    Matcher instance = INSTANCE.matcher(e.actor());
                    if (instance.find()) {
                        String name = instance.group(1) + "-" + instance.group(2);
                        steps.merge(name, 1, Integer::sum);
                        if (!instance.group(2).equals("1")) {
                            byTheDead.computeIfAbsent(name, n -> new ArrayList<>()).add(e.orderId() + " " + e.line());
                        }
                    }
                });
        say("steps recorded from %s to %s (replica 2s down), by instance: %s", from, to, steps);
        for (String service : KITCHENS) {
            expect(steps.getOrDefault(service + "-2", 0) == 0, service + "-2 is named in "
                    + steps.get(service + "-2") + " steps recorded while it was down: " + byTheDead.get(service + "-2"));
            expect(steps.getOrDefault(service + "-1", 0) > 0, "no step by " + service + "-1 was recorded while "
                    + service + "-2 was down: nobody took its calls");
        }
    }

    /** Every copy of both order streams current with no lag, and status shows equal sequences on every node. */
    private void checkCaughtUp(JetStreamManagement jsm, ScriptedMesh mesh, String rejoined) throws Exception {
        for (String stream : List.of(Topology.ORDERS_STREAM, Topology.EVENTS_STREAM)) {
            try {
                PrivateNatsCluster.awaitCaughtUp(jsm, stream, COPIES, Duration.ofSeconds(60));
            } catch (AssertionError behind) {
                problems.add(behind.getMessage());
            }
        }
        ClusterStatus end = ClusterStatus.parse(mesh.status().output());
        say("./boxbox status at the end:%n%s", end.text().stripTrailing());
        Map<String, Long> reference = end.part("nats-1").sequences();
        for (String node : List.of("nats-1", "nats-2", "nats-3")) {
            expect(end.state(node).equals("healthy"), "status says " + node + " is " + end.state(node) + " at the end");
            Map<String, Long> sequences = end.part(node).sequences();
            expect(sequences.size() == 2 && sequences.equals(reference), "status shows " + node + " with " + sequences
                    + " against nats-1's " + reference + (node.equals(rejoined) ? " (the rejoined node)" : ""));
        }
        for (String service : KITCHENS) {
            // back means answering: SERVING, or NOT_SERVING while its whole crew naps (at this time scale, often)
            ClusterStatus.Part back = end.part(service + "-2");
            expect(back.state().equals("healthy") || back.rest().contains("NOT_SERVING"), "status says " + service + "-2 is "
                    + end.state(service + "-2") + " after up --ha started it again");
        }
    }

    /** The node leading {@code stream} once it has one other than {@code not} (null: any), or empty after 30 s. */
    private static Optional<String> awaitLeader(JetStreamManagement jsm, String stream, String not) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                String leader = jsm.getStreamInfo(stream).getClusterInfo().getLeader();
                if (leader != null && !leader.equals(not)) {
                    return Optional.of(leader);
                }
            } catch (IOException | JetStreamApiException electing) {
                // no leader yet: the nodes are voting
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }

    private void expect(boolean held, String problem) {
        if (!held) {
            problems.add(problem);
            say("PROBLEM: %s", problem);
        }
    }

    private static void sleepUntil(long start, long millis) throws InterruptedException {
        long wait = millis - (System.nanoTime() - start) / 1_000_000;
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private void say(String format, Object... args) {
        out.printf("ha: +%5.1f s  %s%n", (System.nanoTime() - began) / 1e9, String.format(format, args));
        out.flush();
    }
}
