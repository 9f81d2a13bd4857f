package io.boxbox.load;

import io.gatling.javaapi.core.ClosedInjectionStep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;

/**
 * The race-weekend shapes of {@code script.js}, as Gatling closed-model injection: a number of
 * concurrent users is k6's number of VUs, and each Gatling user is one k6 iteration (one order,
 * then 0.5–1.5 s of thinking), replaced by the next as soon as it ends.
 */
public enum RaceWeekend {

    /** k6 {@code ferrari_is_losing}: 0 → 10 VUs over 10 s, then back to 0 over 10 s. */
    LOSING("ferrari_is_losing", List.of(
            new Stage(0, 10, 10),
            new Stage(10, 0, 10))),

    /** k6 {@code ferrari_is_winning}: 10 VUs, spike to 100 in 2 s, hold 10 s, back to 10 in 2 s. */
    WINNING("ferrari_is_winning", List.of(
            new Stage(10, 10, 5),
            new Stage(10, 100, 2), // Charles takes the lead: everybody orders
            new Stage(100, 100, 10),
            new Stage(100, 10, 2),
            new Stage(10, 10, 5)));

    /**
     * {@code users} concurrent users moving linearly from {@code from} to {@code to} over
     * {@code seconds}: the one description of a weekend, which Gatling's injection steps and the
     * chaos run's own users ({@code io.boxbox.chaos.WeekendLoad}) both follow.
     */
    public record Stage(int from, int to, int seconds) {

        ClosedInjectionStep injection() {
            return from == to
                    ? constantConcurrentUsers(from).during(seconds)
                    : rampConcurrentUsers(from).to(to).during(seconds);
        }

        /** Users at {@code fraction} (0..1) of the stage. */
        public double usersAt(double fraction) {
            return from + (to - from) * fraction;
        }
    }

    private final String k6Name;
    private final List<Stage> stages;

    RaceWeekend(String k6Name, List<Stage> stages) {
        this.k6Name = k6Name;
        this.stages = stages;
    }

    /** {@code winning}, {@code losing} or the k6 scenario names. */
    public static RaceWeekend named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(w -> w.name().toLowerCase(Locale.ROOT).equals(wanted) || w.k6Name.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown race weekend '" + name + "'; choose winning or losing"));
    }

    public String k6Name() {
        return k6Name;
    }

    public List<ClosedInjectionStep> shape() {
        return stages.stream().map(Stage::injection).toList();
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The weekend's length in seconds. */
    public int seconds() {
        return stages.stream().mapToInt(Stage::seconds).sum();
    }

    /**
     * Concurrent users at {@code fraction} (0..1) of the weekend, the shape stretched to any
     * length; the highest value is the weekend's peak (100 for {@link #WINNING}).
     */
    public double usersAt(double fraction) {
        double at = Math.clamp(fraction, 0, 1) * seconds();
        for (Stage stage : stages) {
            if (at <= stage.seconds()) {
                return stage.usersAt(at / stage.seconds());
            }
            at -= stage.seconds();
        }
        return stages.getLast().to();
    }
}
