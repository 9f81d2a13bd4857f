package io.boxbox.gateway.timeline;

import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Why it took this long", in plain words, from an order's entries: each wait (for stock, dough, a
 * chef, a driver) with how long and the refusal's reason as a person would say it ("waited 2 min
 * 40 s for dough: Gino overslept"), each pizza made again, a maestro taking over, a ride that took
 * much longer than the driver's ETA at the pickup (a detour), and how it ended if not well. The
 * refusal reasons are the maestro's entry details, which quote the kitchen's answer: "panettiere
 * unavailable: nobody on duty at panettiere: Gino asleep until …Z (oversleep); Pina at lunch until …Z",
 * "… is busy", "… out of stock: basil (the supplier is expected by …)".
 */
public final class WhyItTookThisLong {

    /** A time on the queue below this is not worth a line. */
    private static final long NOTABLE_QUEUE_MS = 1_000;
    /** A ride is slow when it took this much longer than its ETA at the pickup, and at least … */
    private static final double SLOW_RIDE_FACTOR = 1.5;
    private static final long SLOW_RIDE_MARGIN_MS = 2_000;

    private static final Map<OrderState, String> WAITS = Map.of(
            OrderState.WAITING_FOR_STOCK, "stock",
            OrderState.WAITING_FOR_DOUGH, "dough",
            OrderState.WAITING_FOR_CHEF, "a chef",
            OrderState.WAITING_FOR_DRIVER, "a driver");
    /** "Gino asleep until 2026-12-02T12:01:05Z (oversleep)" as CrewMember.whereabouts writes it. */
    private static final Pattern AWAY = Pattern.compile(
            "(\\p{Lu}[\\p{L}'.-]*(?: \\p{Lu}[\\p{L}'.-]*)?) (asleep|at lunch|smoking|on break|offline)"
                    + "(?: until [^;()]+?)?(?: \\((\\w+)\\))?\\s*(?:;|$)");
    private static final Pattern OUT_OF_STOCK = Pattern.compile("out of stock: ([^()]+?)\\s*(?:\\(|$)");
    private static final Pattern ETA = Pattern.compile("ETA (\\d+) s");

    private final double timeScale;

    /** {@code timeScale}: the kitchen's ({@code boxbox.sim.time-scale}), to turn a simulated ETA into wall-clock time. */
    public WhyItTookThisLong(double timeScale) {
        this.timeScale = timeScale;
    }

    /** The lines for an order whose entries are {@code events}, cut into {@code stages} by {@link Stages}. */
    public List<String> explain(List<OrderEvent> events, List<Stage> stages) {
        List<String> why = new ArrayList<>();
        int e = 0;
        int attempt = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            OrderState next = i + 1 < stages.size() ? stages.get(i + 1).state() : null;
            List<OrderEvent> run = new ArrayList<>();
            // Stages are runs of one state, and two stages in a row never share one.
            while (e < events.size() && events.get(e).state() == stage.state()) {
                run.add(events.get(e++));
            }
            for (OrderEvent event : run) {
                if (stage.state() != OrderState.REMAKING && isRemakeOfOnePizza(event)) {
                    // another pizza ranks lower still (queued, waiting for stock): the order did not show REMAKING
                    why.add(remake(event));
                }
                if (attempt > 0 && event.attempt() > attempt) {
                    why.add("attempt " + event.attempt() + ": " + person(event.actor())
                            + " took the order over after its maestro stopped working on it");
                }
                attempt = Math.max(attempt, event.attempt());
            }
            explainStage(stage, next, run, why);
        }
        if (why.isEmpty()) {
            why.add(stages.isEmpty() ? "nothing recorded yet" : "no waits: every stage went straight through");
        }
        return why;
    }

    private void explainStage(Stage stage, OrderState next, List<OrderEvent> run, List<String> why) {
        String waitedFor = WAITS.get(stage.state());
        if (waitedFor != null) {
            // a remake recorded while the order waits (another pizza ranks lower) is its own line, not a reason of the wait
            List<OrderEvent> waits = run.stream().filter(event -> !isRemakeOfOnePizza(event)).toList();
            String pizzas = pizzas(waits);
            Set<String> reasons = new LinkedHashSet<>();
            waits.stream().map(OrderEvent::detail).filter(d -> d != null && !d.isBlank()).map(WhyItTookThisLong::plain)
                    .forEach(reasons::add);
            why.add("waited " + PlainDuration.of(stage.durationMs()) + " for " + waitedFor + pizzas
                    + (reasons.isEmpty() ? "" : ": " + String.join("; then ", reasons)));
            return;
        }
        switch (stage.state()) {
            case RECEIVED -> {
                if (stage.durationMs() >= NOTABLE_QUEUE_MS && next == OrderState.QUEUED) {
                    why.add("waited " + PlainDuration.of(stage.durationMs()) + " on the queue before a maestro took it");
                }
            }
            case REMAKING -> {
                run.forEach(event -> why.add(remake(event)));
            }
            case OUT_FOR_DELIVERY -> slowRide(stage, run, why);
            case FAILED -> why.add("it failed: " + (run.getFirst().detail() == null ? "no reason recorded" : run.getFirst().detail()));
            case CANCELLED -> why.add("cancelled by " + person(run.getFirst().actor()));
            default -> {
            }
        }
    }

    private void slowRide(Stage stage, List<OrderEvent> run, List<String> why) {
        String detail = run.getFirst().detail() == null ? "" : run.getFirst().detail();
        String driver = person(run.getFirst().actor());
        if (detail.toLowerCase(Locale.ROOT).contains("detour")) {
            why.add(driver + " took a detour");
            return;
        }
        Matcher eta = ETA.matcher(detail);
        if (!eta.find() || timeScale <= 0 || stage.to() == null) {
            return;
        }
        long expectedMs = Math.round(Long.parseLong(eta.group(1)) * 1000 * timeScale);
        if (stage.durationMs() > expectedMs * SLOW_RIDE_FACTOR + SLOW_RIDE_MARGIN_MS * Math.min(1, timeScale)) {
            why.add("the ride took " + PlainDuration.of(stage.durationMs()) + ", against " + PlainDuration.of(expectedMs)
                    + " expected at the pickup: " + driver + " took a detour or rode slowly");
        }
    }

    private static String remake(OrderEvent event) {
        return (event.pizza() == null ? "a pizza" : "pizza " + event.pizza()) + " was made again"
                + (event.detail() == null || event.detail().isBlank() ? "" : ": " + event.detail());
    }

    /** A change that sent one pizza back to REMAKING, read from the snapshot the entry carries. */
    private static boolean isRemakeOfOnePizza(OrderEvent event) {
        if (event.pizza() == null || event.snapshot() == null) {
            return false;
        }
        try {
            return event.snapshot().pizza(event.pizza()).state() == OrderState.REMAKING;
        } catch (RuntimeException noSuchPizza) {
            return false;
        }
    }

    /** " (pizza 2)", " (pizzas 1, 3)" or "" when the wait was the whole order's. */
    private static String pizzas(List<OrderEvent> run) {
        Set<Integer> numbers = new java.util.TreeSet<>();
        run.stream().map(OrderEvent::pizza).filter(java.util.Objects::nonNull).forEach(numbers::add);
        if (numbers.isEmpty()) {
            return "";
        }
        return (numbers.size() == 1 ? " (pizza " : " (pizzas ")
                + String.join(", ", numbers.stream().map(String::valueOf).toList()) + ")";
    }

    /** A kitchen's refusal as a person says it: "Gino overslept, Pina was at lunch", "everyone was busy", "out of basil". */
    static String plain(String detail) {
        Matcher stock = OUT_OF_STOCK.matcher(detail);
        if (stock.find()) {
            return "out of " + stock.group(1).strip();
        }
        if (detail.contains("nobody on duty")) {
            List<String> people = new ArrayList<>();
            Matcher away = AWAY.matcher(detail.substring(detail.indexOf("nobody on duty")));
            while (away.find()) {
                people.add(away.group(1) + " " + absence(away.group(2), away.group(3) != null));
            }
            if (!people.isEmpty()) {
                return String.join(", ", people);
            }
            return "nobody was on duty";
        }
        if (detail.contains("is busy")) {
            return "everyone was busy";
        }
        return detail;
    }

    private static String absence(String state, boolean overrun) {
        return switch (state) {
            case "asleep" -> overrun ? "overslept" : "was asleep";
            case "at lunch" -> overrun ? "took a long lunch" : "was at lunch";
            case "smoking" -> overrun ? "took a long smoke" : "was smoking";
            case "on break" -> overrun ? "took a long break" : "was on a break";
            default -> "was offline";
        };
    }

    /** "Kimi (driver-sim-1)" → "Kimi". */
    private static String person(String actor) {
        if (actor == null) {
            return "someone";
        }
        int bracket = actor.indexOf(" (");
        return bracket < 0 ? actor.strip() : actor.substring(0, bracket).strip();
    }
}
