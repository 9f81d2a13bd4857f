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
            rampConcurrentUsers(0).to(10).during(10),
            rampConcurrentUsers(10).to(0).during(10))),

    /** k6 {@code ferrari_is_winning}: 10 VUs, spike to 100 in 2 s, hold 10 s, back to 10 in 2 s. */
    WINNING("ferrari_is_winning", List.of(
            constantConcurrentUsers(10).during(5),
            rampConcurrentUsers(10).to(100).during(2), // Charles takes the lead: everybody orders
            constantConcurrentUsers(100).during(10),
            rampConcurrentUsers(100).to(10).during(2),
            constantConcurrentUsers(10).during(5)));

    private final String k6Name;
    private final List<ClosedInjectionStep> shape;

    RaceWeekend(String k6Name, List<ClosedInjectionStep> shape) {
        this.k6Name = k6Name;
        this.shape = shape;
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
        return shape;
    }
}
