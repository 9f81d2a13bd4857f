package io.boxbox.chaos;

import io.boxbox.pacchetto.order.OrderState;
import io.nats.client.Connection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The wait after a fault run: reads the record ({@code ORDER_EVENTS}) every few seconds until
 * every accepted order (and every recorded one) has an end event, or the patience runs out, so a
 * stuck order shows up in the audit instead of hanging the run.
 */
final class OrderEnds {

    private static final Duration BETWEEN_READS = Duration.ofSeconds(5);

    private final OrderEventsRecord reader = new OrderEventsRecord();
    private final Consumer<String> say;

    OrderEnds(Consumer<String> say) {
        this.say = say;
    }

    /** Returns the record as last read. */
    Map<String, List<RecordedEvent>> await(Connection nats, Set<String> accepted, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Map<String, List<RecordedEvent>> record = reader.read(nats);
            Set<String> open = new HashSet<>(accepted);
            open.addAll(record.keySet());
            open.removeIf(id -> record.getOrDefault(id, List.of()).stream().anyMatch(OrderEnds::isEnd));
            if (open.isEmpty() || Instant.now().isAfter(deadline)) {
                say.accept(String.format("%d orders recorded, %d still without an end%s", record.size(), open.size(),
                        open.isEmpty() ? "" : " after waiting " + patience));
                return record;
            }
            say.accept("waiting for " + open.size() + " orders to end");
            Thread.sleep(BETWEEN_READS);
        }
    }

    private static boolean isEnd(RecordedEvent event) {
        try {
            return OrderState.valueOf(event.state()).isTerminal();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
