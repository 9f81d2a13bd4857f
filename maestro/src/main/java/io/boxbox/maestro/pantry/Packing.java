package io.boxbox.maestro.pantry;

import io.boxbox.maestro.pass.Ticket;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.Take;
import io.boxbox.pacchetto.sim.SimClock;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The maestro packs an order's drinks and desserts from the pantry; while one is out the order
 * waits, visibly ({@code WAITING_FOR_STOCK} with the reason), and is packed once the supplier has
 * restocked. Never FAILED for stock, and never "stuck": the wait has no limit.
 *
 * <p>When: as the order comes onto the pass, before any pizza is made, not after the last one
 * is out of the oven. The lifecycle lets an order wait for stock only before READY (READY →
 * WAITING_FOR_STOCK would be a state going back), and the last pizza's READY is written by the
 * kitchen stations, so a wait between "the last pizza is out" and READY would need a hook inside
 * the per-pizza flow. Packing first is the simplest sound choice and the better one for the
 * customer: they see at once that the chinotto is missing, and no pizza goes cold on the pass
 * while the truck is on the road. An order of drinks only is packed the same way.
 *
 * <p>Once: only an order that has not left the start of the pass (RECEIVED, QUEUED or our own
 * WAITING_FOR_STOCK) is packed, so a maestro taking over an order whose pizzas are under way does
 * not take its drinks again. A maestro that died between packing and the first kitchen step (or
 * during a pizza's own stock wait) leaves the next one to pack again: the pantry then shows less
 * than there is, never more. A cancelled order's drinks are not put back (they are sealed bottles
 * and could be; see the pantry README: a known gap).
 */
@Singleton
public class Packing {

    private static final Logger LOG = LoggerFactory.getLogger(Packing.class);
    private static final Set<OrderState> AT_THE_START = EnumSet.of(OrderState.RECEIVED, OrderState.QUEUED,
            OrderState.WAITING_FOR_STOCK);
    private static final Duration ASK_AGAIN = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final Pantry pantry;
    private final OrderJournal journal;
    private final SimClock clock;

    public Packing(Pantry pantry, OrderJournal journal, SimClock clock) {
        this.pantry = pantry;
        this.journal = journal;
        this.clock = clock;
    }

    /** Takes the order's drinks and desserts, waiting while any is out; returns once they are packed. */
    public void pack(Ticket ticket, OrderSnapshot before) throws IOException, JetStreamApiException, InterruptedException {
        List<String> portions = portions(ticket.order().extras());
        if (portions.isEmpty() || !AT_THE_START.contains(before.state())) {
            return;
        }
        String waitingFor = null;
        while (true) {
            Take take = pantry.take(portions);
            if (take instanceof Take.Taken) {
                if (waitingFor != null) {
                    LOG.info("order {} packed after waiting: {}", ticket.orderId(), waitingFor);
                }
                return;
            }
            Take.Short shortOf = (Take.Short) take;
            String reason = "out of stock: " + String.join(", ", shortOf.missing())
                    + (shortOf.expectedBack() == null ? " (no delivery expected yet)"
                    : " (the supplier is expected by " + HOUR.format(shortOf.expectedBack()) + " UTC)");
            if (!reason.equals(waitingFor)) {
                journal.record(ticket.orderId(), Transition.to(OrderState.WAITING_FOR_STOCK, ticket.maestro(), reason)
                        .byAttempt(ticket.attempt()));
                waitingFor = reason;
            } else {
                stopIfEnded(ticket);
            }
            clock.waitWallClock(pause(shortOf.expectedBack()));
        }
    }

    /** A cancel while waiting for a drink ends the wait (the pass stops working on the order). */
    private void stopIfEnded(Ticket ticket) throws IOException, JetStreamApiException {
        OrderSnapshot now = journal.recorded(ticket.orderId()).orElseThrow();
        if (now.state().isTerminal()) {
            throw new IllegalTransitionException(ticket.orderId(), now.state(), OrderState.WAITING_FOR_STOCK);
        }
    }

    /** Until the truck is due, at most a few seconds (a restock from race control is noticed soon too). */
    private Duration pause(Instant expectedBack) {
        if (expectedBack == null) {
            return ASK_AGAIN;
        }
        Duration untilTruck = Duration.between(clock.now(), expectedBack);
        if (untilTruck.compareTo(Duration.ofMillis(50)) < 0) {
            return Duration.ofMillis(50);
        }
        return untilTruck.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : untilTruck;
    }

    static List<String> portions(List<MenuItem> extras) {
        List<String> portions = new ArrayList<>();
        for (MenuItem extra : extras) {
            for (int i = 0; i < extra.quantity(); i++) {
                portions.add(extra.id());
            }
        }
        return List.copyOf(portions);
    }
}
