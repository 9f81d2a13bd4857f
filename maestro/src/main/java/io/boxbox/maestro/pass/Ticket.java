package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.order.Order;

/**
 * One attempt at one order, as the pass hands it to each station: the order, the attempt the
 * order's own record counts (1 the first time someone really works on it; every write of the
 * attempt carries it, so a superseded maestro is fenced out), and the maestro running it.
 */
public record Ticket(Order order, int attempt, String maestro) {

    public String orderId() {
        return order.orderId();
    }
}
