package io.boxbox.chaos;

import io.boxbox.bench.OrderPoster;
import io.boxbox.e2e.Mesh;
import io.boxbox.load.RaceWeekend;
import io.boxbox.load.OrderMix;
import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.sim.RandomSource;
import io.nats.NatsServerRunner;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

/**
 * {@code ./boxbox chaos [minutes]}: the winning race weekend against a mesh of its own (a private
 * nats-server and mosquitto on random loopback ports, the five service jars, see {@link Mesh})
 * while a seeded {@link ChaosSchedule} kills every kind of service with {@code kill -9} (and
 * restarts it) and restarts NATS twice; then it waits, for a bounded time, until every order has
 * ended, reads the raw record (stream {@code ORDER_EVENTS}) and prints the {@link OrderAudit}, its
 * summary last. Exit status: 0 clean, 1 findings, 2 the run itself broke.
 *
 * <pre>java -Dboxbox.root=. -cp tifosi-load/target/test-classes:&lt;test classpath&gt;
 *     io.boxbox.chaos.ChaosRun [minutes] [--seed N] [--peak-users N] [--time-scale S] [--mix one_pizza|paddock]</pre>
 *
 * <p>{@code --mix} is what the tifosi order ({@link OrderMix}): one pizza each by default, so the
 * audit's counts compare with earlier runs; {@code paddock} for orders of several items.
 */
public final class ChaosRun {

    /** The services' environment: a busy kitchen with its people as they are (they sleep, burn, lunch, smoke). */
    static Map<String, String> kitchen(double timeScale, long seed) {
        Map<String, String> env = new HashMap<>();
        env.put("BOXBOX_SIM_TIME_SCALE", Double.toString(timeScale));
        env.put("BOXBOX_SIM_SEED", Long.toString(seed));
        // a killed maestro's orders come back within seconds
        env.put("BOXBOX_NATS_ACK_WAIT", "3s");
        env.put("BOXBOX_MAESTRO_IN_PROGRESS_INTERVAL", "1s");
        env.put("BOXBOX_PANETTIERE_CREW", "Gino,Pina,Beppe,Nonna");
        env.put("BOXBOX_CHEF_CREW", "Massimo,Sofia,Luca,Giulia,Marco,Chiara");
        env.put("BOXBOX_CHEF_OVEN_SLOTS", "8");
        env.put("BOXBOX_DRIVER_FLEET", "Kimi,Nico,Mika,Jenson,Sebastian,Fernando,Lewis,Max,Charles,Carlos");
        // one load client from one address: a per-user or per-address limit would turn the weekend into 429s
        env.put("BOXBOX_RATE_LIMIT_ENABLED", "false");
        return env;
    }

    record Settings(Duration window, long seed, int peakUsers, double timeScale, Duration drainPatience, OrderMix mix) {

        static Settings parse(String[] args) {
            RunArguments run = RunArguments.parse(args, 10, 6, Set.of("--mix"), Set.of(),
                    "[minutes] [--seed N] [--peak-users N] [--time-scale S] [--mix one_pizza|paddock]");
            return of(run.window(), run.seed(), run.peakUsers(), run.timeScale(),
                    OrderMix.named(run.options().getOrDefault("--mix", OrderMix.ONE_PIZZA.wireName())));
        }

        static Settings of(Duration window, long seed, int peakUsers, double timeScale) {
            return of(window, seed, peakUsers, timeScale, OrderMix.ONE_PIZZA);
        }

        static Settings of(Duration window, long seed, int peakUsers, double timeScale, OrderMix mix) {
            // long enough for the slowest order at this time scale after the last fault; bounded, so a stuck order shows
            Duration drain = window.dividedBy(2).compareTo(Duration.ofMinutes(2)) > 0 ? window.dividedBy(2) : Duration.ofMinutes(2);
            return new Settings(window, seed, peakUsers, timeScale, drain, mix);
        }
    }

    private final Settings settings;
    private final PrintStream out;

    ChaosRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        RunExit.exitWith("chaos", () -> {
            NatsServerRunner.setDefaultOutputLevel(Level.WARNING);
            return new ChaosRun(Settings.parse(args), System.out).run().clean();
        });
    }

    /** Runs the weekend and the faults, audits, then prints the audit once the mesh is gone (its summary last). */
    AuditReport run() throws Exception {
        AuditReport report = strikeAndAudit();
        report.print(out);
        out.flush();
        return report;
    }

    private AuditReport strikeAndAudit() throws Exception {
        // A restarted nats-server restores its streams before it listens; on a busy machine that takes
        // seconds, and the runner's default patience (3 tries, 50 ms apart) gives up first. Up to ~20 s.
        NatsServerRunner.setDefaultValidateTries(100);
        NatsServerRunner.setDefaultSubsequentValidateDelay(200L);
        List<ChaosSchedule.Strike> plan = ChaosSchedule.plan(settings.seed(), settings.window());
        say("%s of the winning weekend (peak %d users, %s orders), time scale %s, seed %d; the schedule:",
                settings.window(), settings.peakUsers(), settings.mix().wireName(), settings.timeScale(), settings.seed());
        plan.forEach(strike -> say("  +%5.1f s  %s %s", strike.after().toMillis() / 1000.0,
                strike.kind() == Fault.Kind.KILL ? "kill -9" : "restart", strike.target()));
        say("starting the mesh (private nats-server, mosquitto and the five services)");
        try (Mesh mesh = Mesh.start(kitchen(settings.timeScale(), settings.seed()));
             OrderPoster poster = new OrderPoster(mesh.gateway(), new TifosiOrders(new PaddockMap().menu(), settings.mix(),
                     TifosiOrders.randomFrom(settings.seed())), 1000, o -> true)) {
            say("mesh up; service logs in %s", mesh.log("maestro").getParent());
            WeekendLoad load = new WeekendLoad(poster, RaceWeekend.WINNING, settings.peakUsers(),
                    new RandomSource(settings.seed()));
            Thread tifosi = Thread.ofPlatform().name("weekend").start(() -> {
                try {
                    load.run(settings.window());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Fault> faults = strike(mesh, plan);
            tifosi.join();
            say("the weekend is over: %s", load.describe());

            Set<String> accepted = load.accepted();
            Map<String, List<RecordedEvent>> record = drain(mesh, accepted);
            return new OrderAudit(faults, List.of()).audit(accepted, record);
        }
    }

    /** Injects the planned faults on time (or as soon as the previous one has recovered); returns when each happened. */
    private List<Fault> strike(Mesh mesh, List<ChaosSchedule.Strike> plan) throws Exception {
        long start = System.nanoTime();
        List<Fault> faults = new ArrayList<>();
        for (ChaosSchedule.Strike strike : plan) {
            long wait = strike.after().toNanos() - (System.nanoTime() - start);
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            Instant at = Instant.now();
            Fault fault;
            if (strike.kind() == Fault.Kind.KILL) {
                mesh.kill(strike.target());
                fault = Fault.kill(strike.target(), at);
                say("killed %s (kill -9) at %s; restarting it", strike.target(), at);
                mesh.restart(strike.target());
            } else {
                mesh.nats().stop();
                fault = Fault.natsRestart(at);
                say("stopped nats-server at %s; starting it again in 2 s", at);
                Thread.sleep(2000);
                startNatsAgain(mesh);
            }
            Instant back = Instant.now();
            faults.add(fault.backAt(back));
            say("%s is back after %.1f s", strike.target(), Duration.between(at, back).toMillis() / 1000.0);
        }
        return faults;
    }

    /**
     * Starts the mesh's nats-server again. When the runner gives up waiting for it, it leaves the
     * process running: stop that one (found by its store) so nothing outlives the run.
     */
    private static void startNatsAgain(Mesh mesh) throws Exception {
        try {
            mesh.nats().start();
        } catch (RuntimeException notUp) {
            try {
                ProcessHandle.of(mesh.nats().pid()).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IllegalStateException noneLeft) {
                notUp.addSuppressed(noneLeft);
            }
            throw notUp;
        }
    }

    /** Waits (at most the drain patience) until every order has an end event; returns the record as last read. */
    private Map<String, List<RecordedEvent>> drain(Mesh mesh, Set<String> accepted) throws Exception {
        // jnats' default listener logs every flow-control message of the ordered consumer; nothing here needs them
        Options options = Options.builder().server(mesh.natsUrl()).maxReconnects(-1)
                .errorListener(new ErrorListener() { }).build();
        try (Connection nats = Nats.connect(options)) {
            return new OrderEnds(line -> say("%s", line)).await(nats, accepted, settings.drainPatience());
        }
    }

    private void say(String format, Object... args) {
        out.println("chaos: " + String.format(format, args));
        out.flush();
    }
}
