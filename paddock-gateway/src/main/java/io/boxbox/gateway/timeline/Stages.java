package io.boxbox.gateway.timeline;

import io.boxbox.pacchetto.order.OrderEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts an order's entries into stages: consecutive entries in the same state are one stage (a
 * second wait, a takeover, one pizza moving while the order stays at its slowest pizza's stage).
 */
public final class Stages {

    private Stages() {
    }

    public static List<Stage> of(List<OrderEvent> events, Instant now) {
        List<Stage> stages = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            OrderEvent first = events.get(i);
            Set<String> reasons = new LinkedHashSet<>();
            int j = i;
            while (j < events.size() && events.get(j).state() == first.state()) {
                reason(events.get(j)).ifPresent(reasons::add);
                j++;
            }
            Instant to = j < events.size() ? events.get(j).at() : first.state().isTerminal() ? first.at() : null;
            Instant end = to == null ? now : to;
            stages.add(new Stage(first.state(), first.at(), to, Math.max(0, Duration.between(first.at(), end).toMillis()),
                    first.actor(), List.copyOf(reasons)));
            i = j;
        }
        return stages;
    }

    private static java.util.Optional<String> reason(OrderEvent event) {
        if (event.detail() == null || event.detail().isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(event.pizza() == null ? event.detail() : "pizza " + event.pizza() + ": " + event.detail());
    }
}
