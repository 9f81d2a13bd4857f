package io.boxbox.chaos;

import io.boxbox.pacchetto.order.OrderState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks every accepted order against its record on stream {@code ORDER_EVENTS} (the raw stream,
 * not the gateway's view of it). The rules, per order, with the events in stream order:
 * <ol>
 *   <li>every order the load client got a 202 for has a record ({@link Finding.Kind#MISSING});</li>
 *   <li>exactly one end event (DELIVERED, READY_FOR_PICKUP, SERVED, CANCELLED, FAILED), and it is
 *       the last event ({@code NEVER_ENDED}, {@code ENDED_TWICE}, {@code END_NOT_LAST});</li>
 *   <li>one dispatch: OUT_FOR_DELIVERY at most once, never with two drivers ({@code TWO_DRIVERS},
 *       {@code DISPATCHED_TWICE});</li>
 *   <li>no state going back: each state of the order may follow the one before as the lifecycle
 *       allows ({@link OrderState#canMoveTo}: the order is at its slowest pizza, so inside the kitchen
 *       it may skip forward, and it may enter REMAKING or WAITING_FOR_STOCK from any stage), and
 *       each pizza's own stage (the event's {@code pizza}, its entry in the snapshot) likewise
 *       ({@code STATE_BACK}, one per order);</li>
 *   <li>nothing made again without a reason, pizza by pizza: a new dough of a pizza (its stage
 *       MAKING_DOUGH when it was not already at the dough station — MAKING_DOUGH, WAITING_FOR_DOUGH
 *       or WAITING_FOR_STOCK: one stay there is one dough, asked for, waited for and made) or a new
 *       TOPPING of it, when that pizza already had one, needs a REMAKING of that same pizza whose
 *       detail says "burnt" since then, or a process that held (or was asked for) the work being
 *       down, from its {@code kill -9} until it was healthy again, at some moment in between: the
 *       maestro or chef-sim for a pizza (the oven's pizza dies with either), the maestro,
 *       panettiere or chef-sim for a dough (a lost pizza is remade from the dough). Nothing else
 *       excuses a remake: a NATS restart or a gateway kill loses no pizza ({@code REMADE_UNEXPLAINED}).
 *       A history whose events name no pizza (before pizzas were numbered) is one pizza, moved by
 *       the order's states;</li>
 *   <li>no FAILED unless its detail names a fault the run injected on purpose, and no CANCELLED (the
 *       chaos client never cancels) ({@code UNEXPECTED_END}).</li>
 * </ol>
 */
public final class OrderAudit {

    private static final Set<String> HOLD_A_PIZZA = Set.of("maestro", "chef-sim");
    private static final Set<String> HOLD_A_DOUGH = Set.of("maestro", "panettiere", "chef-sim");
    /** A pizza at one of these is still at the dough station: a MAKING_DOUGH after it is the same dough. */
    private static final Set<OrderState> AT_THE_DOUGH_STATION =
            EnumSet.of(OrderState.MAKING_DOUGH, OrderState.WAITING_FOR_DOUGH, OrderState.WAITING_FOR_STOCK);

    private final List<Fault> faults;
    private final List<String> deliberateFailures;

    /**
     * @param faults             what the run injected, to explain lost pizzas
     * @param deliberateFailures texts that a FAILED event's detail contains when the run caused
     *                           it on purpose (none, for the chaos run)
     */
    public OrderAudit(List<Fault> faults, List<String> deliberateFailures) {
        this.faults = List.copyOf(faults);
        this.deliberateFailures = List.copyOf(deliberateFailures);
    }

    /**
     * @param accepted the order ids the load client got a 202 for
     * @param record   every order's events from the stream, each list in stream order
     */
    public AuditReport audit(Set<String> accepted, Map<String, List<RecordedEvent>> record) {
        Set<String> orders = new TreeSet<>(record.keySet());
        orders.addAll(accepted);
        List<Finding> findings = new ArrayList<>();
        Map<OrderState, Integer> ends = new EnumMap<>(OrderState.class);
        int explainedRemakes = 0;
        int burnt = 0;
        for (String orderId : orders) {
            List<RecordedEvent> events = record.getOrDefault(orderId, List.of()).stream()
                    .sorted(Comparator.comparingLong(RecordedEvent::sequence)).toList();
            if (events.isEmpty()) {
                findings.add(new Finding(Finding.Kind.MISSING, orderId,
                        "the client got 202 Accepted but ORDER_EVENTS holds no event of it", events));
                continue;
            }
            OrderCheck check = new OrderCheck(orderId, events);
            findings.addAll(check.findings);
            check.end.ifPresent(end -> ends.merge(end, 1, Integer::sum));
            explainedRemakes += check.explainedRemakes;
            burnt += check.burnt;
        }
        Set<String> unanswered = new LinkedHashSet<>(record.keySet());
        unanswered.removeAll(accepted);
        return new AuditReport(accepted.size(), record.size(), unanswered.size(), ends, burnt, explainedRemakes,
                faults, findings);
    }

    /** The checks of one order's history. */
    private final class OrderCheck {

        final List<Finding> findings = new ArrayList<>();
        Optional<OrderState> end = Optional.empty();
        int explainedRemakes;
        int burnt;

        OrderCheck(String orderId, List<RecordedEvent> events) {
            List<RecordedEvent> endEvents = new ArrayList<>();
            Set<String> drivers = new LinkedHashSet<>();
            int dispatches = 0;
            // Events that name a pizza move that pizza; a history that never names one is one pizza.
            boolean numbered = events.stream().anyMatch(e -> e.pizza() != null);
            Map<Integer, RecordedEvent> pizzaWas = new HashMap<>();
            Map<Integer, RecordedEvent> lastDough = new HashMap<>();
            Map<Integer, RecordedEvent> lastTopping = new HashMap<>();
            RecordedEvent orderWas = null;
            String firstBack = null;
            RecordedEvent firstBackEvent = null;
            RecordedEvent secondDispatch = null;
            int eventsBack = 0;
            for (RecordedEvent event : events) {
                OrderState state;
                try {
                    state = OrderState.valueOf(event.state());
                } catch (IllegalArgumentException | NullPointerException e) {
                    add(Finding.Kind.UNKNOWN_STATE, orderId, "event #" + event.sequence() + " has state " + event.state(),
                            events);
                    continue;
                }
                if (!endEvents.isEmpty() && !state.isTerminal()) {
                    add(Finding.Kind.END_NOT_LAST, orderId, state + " (#" + event.sequence() + ") recorded after "
                            + endEvents.getFirst().state() + " (#" + endEvents.getFirst().sequence() + ")", events, event);
                }
                if (state.isTerminal()) {
                    endEvents.add(event);
                    if (state == OrderState.FAILED && deliberateFailures.stream().noneMatch(
                            reason -> event.detail() != null && event.detail().contains(reason))) {
                        add(Finding.Kind.UNEXPECTED_END, orderId, "FAILED (#" + event.sequence() + ") though the run "
                                + "caused no failure on purpose: " + event.detail(), events);
                    }
                    if (state == OrderState.CANCELLED) {
                        add(Finding.Kind.UNEXPECTED_END, orderId, "CANCELLED (#" + event.sequence()
                                + ") though the chaos client cancels nothing: " + event.detail(), events);
                    }
                }
                boolean beforeTheEnd = endEvents.isEmpty() || endEvents.size() == 1 && state.isTerminal();
                if (beforeTheEnd && orderWas != null && !OrderState.valueOf(orderWas.state()).canMoveTo(state)) {
                    if (firstBack == null) {
                        firstBackEvent = event;
                        firstBack = orderWas.state() + " (#" + orderWas.sequence() + ") then " + state
                                + " (#" + event.sequence() + ")";
                    }
                    eventsBack++;
                }
                if (beforeTheEnd) {
                    orderWas = event;
                }
                Integer number = numbered ? event.pizza() : Integer.valueOf(1);
                OrderState stage = numbered ? stage(event) : state;
                if (number != null && stage != null && stage.isKitchenStage()) {
                    RecordedEvent was = pizzaWas.get(number);
                    OrderState before = was == null ? OrderState.QUEUED : numbered ? stage(was) : OrderState.valueOf(was.state());
                    if (numbered && beforeTheEnd && before != null && !before.canMoveTo(stage)) {
                        if (firstBack == null) {
                            firstBackEvent = event;
                            firstBack = "pizza " + number + ": " + before + (was == null ? "" : " (#" + was.sequence() + ")")
                                    + " then " + stage + " (#" + event.sequence() + ")";
                        }
                        eventsBack++;
                    }
                    switch (stage) {
                        case REMAKING -> {
                            if (event.detail() != null && event.detail().contains("burnt")) {
                                burnt++;
                                lastDough.remove(number);
                                lastTopping.remove(number);
                            }
                        }
                        case MAKING_DOUGH -> {
                            // one stay at the dough station is one dough, however often the maestro records it
                            // (asked for, waited for, made)
                            if (!AT_THE_DOUGH_STATION.contains(before) || was == null) {
                                lastDough.put(number, madeAgain(orderId, events, lastDough.get(number), event,
                                        HOLD_A_DOUGH, "dough" + (numbered ? " of pizza " + number : "")));
                            }
                        }
                        case TOPPING -> {
                            if (before != OrderState.TOPPING || was == null) {
                                lastTopping.put(number, madeAgain(orderId, events, lastTopping.get(number), event,
                                        HOLD_A_PIZZA, "pizza" + (numbered ? " " + number : "")));
                            }
                        }
                        default -> { }
                    }
                    pizzaWas.put(number, event);
                }
                if (state == OrderState.OUT_FOR_DELIVERY) {
                    if (++dispatches == 2) {
                        secondDispatch = event;
                    }
                    drivers.add(event.driver());
                }
            }
            if (firstBack != null) {
                // one finding per order: the first step back, and how many events the customer saw go back
                add(Finding.Kind.STATE_BACK, orderId, firstBack + (eventsBack > 1
                        ? "; " + eventsBack + " events in all went back" : ""), events, firstBackEvent);
            }
            if (endEvents.isEmpty()) {
                add(Finding.Kind.NEVER_ENDED, orderId, "no end event; last recorded " + events.getLast().state()
                        + " (#" + events.getLast().sequence() + ")", events);
            } else {
                end = Optional.of(OrderState.valueOf(endEvents.getFirst().state()));
            }
            if (endEvents.size() > 1) {
                add(Finding.Kind.ENDED_TWICE, orderId, endEvents.size() + " end events: " + endEvents.stream()
                        .map(e -> e.state() + " (#" + e.sequence() + (e.detail() == null ? "" : ", " + e.detail()) + ")")
                        .toList(), events, endEvents.get(1));
            }
            if (drivers.size() > 1) {
                add(Finding.Kind.TWO_DRIVERS, orderId, "OUT_FOR_DELIVERY with " + drivers, events, secondDispatch);
            } else if (dispatches > 1) {
                add(Finding.Kind.DISPATCHED_TWICE, orderId, "OUT_FOR_DELIVERY " + dispatches + " times with " + drivers,
                        events, secondDispatch);
            }
        }

        /** The pizza's stage an event recorded, or null when it names none (or an unknown one). */
        private static OrderState stage(RecordedEvent event) {
            if (event.pizzaStage() == null) {
                return null;
            }
            try {
                return OrderState.valueOf(event.pizzaStage());
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }

        /** Checks a new dough or pizza against the previous one; returns the one to compare the next with. */
        private RecordedEvent madeAgain(String orderId, List<RecordedEvent> events, RecordedEvent before,
                                        RecordedEvent now, Set<String> holders, String what) {
            if (before == null) {
                return now;
            }
            Optional<Fault> kill = killBetween(before.at(), now.at(), holders);
            if (kill.isPresent()) {
                explainedRemakes++;
            } else {
                List<Fault> between = faults.stream().filter(f -> before.at() != null && now.at() != null
                        && f.downBetween(before.at(), now.at())).toList();
                add(Finding.Kind.REMADE_UNEXPLAINED, orderId, now.state() + " (#" + now.sequence() + ") makes a second "
                        + what + " after #" + before.sequence() + " with no burnt pizza and no kill of " + holders
                        + " in between" + (between.isEmpty() ? "" : " [faults in between: " + between + "]"), events);
            }
            return now;
        }

        private void add(Finding.Kind kind, String orderId, String message, List<RecordedEvent> events) {
            findings.add(new Finding(kind, orderId, message, events));
        }

        /** The same, naming the last fault the run injected before {@code culprit}: where to look first. */
        private void add(Finding.Kind kind, String orderId, String message, List<RecordedEvent> events,
                         RecordedEvent culprit) {
            Optional<Fault> before = culprit == null || culprit.at() == null ? Optional.empty() : faults.stream()
                    .filter(f -> !f.at().isAfter(culprit.at())).max(Comparator.comparing(Fault::at));
            add(kind, orderId, message + before.map(f -> " [last fault before it: " + f + "]").orElse(""), events);
        }
    }

    private Optional<Fault> killBetween(Instant from, Instant to, Set<String> holders) {
        return faults.stream()
                .filter(f -> f.kind() == Fault.Kind.KILL && holders.contains(f.service()))
                .filter(f -> from == null || to == null || f.downBetween(from, to))
                .findFirst();
    }
}
