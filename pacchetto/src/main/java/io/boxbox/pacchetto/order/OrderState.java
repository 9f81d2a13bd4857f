package io.boxbox.pacchetto.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every state an order really goes through, and the moves allowed out of each. This is the one
 * place that decides whether a transition is legal; every writer of the snapshot goes through it.
 */
public enum OrderState {
    RECEIVED,
    QUEUED,
    WAITING_FOR_DOUGH,
    MAKING_DOUGH,
    WAITING_FOR_CHEF,
    TOPPING,
    IN_OVEN,
    REMAKING,
    READY,
    WAITING_FOR_DRIVER,
    OUT_FOR_DELIVERY,
    DELIVERED,
    READY_FOR_PICKUP,
    SERVED,
    CANCELLED,
    FAILED;

    private static final Set<OrderState> TERMINAL = EnumSet.of(DELIVERED, READY_FOR_PICKUP, SERVED, CANCELLED, FAILED);
    /** Before the pizza enters the oven the customer may still change their mind. */
    private static final Set<OrderState> CANCELLABLE =
            EnumSet.of(RECEIVED, QUEUED, WAITING_FOR_DOUGH, MAKING_DOUGH, WAITING_FOR_CHEF, TOPPING);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    public boolean isCancellable() {
        return CANCELLABLE.contains(this);
    }

    /** Whether an order in this state may move to {@code next}. */
    public boolean canMoveTo(OrderState next) {
        if (isTerminal()) {
            return false;
        }
        if (next == FAILED || (next == CANCELLED && isCancellable())) {
            return true;
        }
        // A redelivered order (maestro crashed, message handed back) is queued again from wherever it was.
        if (next == QUEUED) {
            return true;
        }
        return forwardMoves().contains(next);
    }

    private Set<OrderState> forwardMoves() {
        return switch (this) {
            case RECEIVED -> EnumSet.noneOf(OrderState.class);
            case QUEUED -> EnumSet.of(WAITING_FOR_DOUGH, MAKING_DOUGH, TOPPING, READY);
            case WAITING_FOR_DOUGH -> EnumSet.of(WAITING_FOR_DOUGH, MAKING_DOUGH);
            case MAKING_DOUGH -> EnumSet.of(WAITING_FOR_DOUGH, WAITING_FOR_CHEF, TOPPING);
            case WAITING_FOR_CHEF -> EnumSet.of(WAITING_FOR_CHEF, TOPPING);
            case TOPPING -> EnumSet.of(IN_OVEN, REMAKING);
            case IN_OVEN -> EnumSet.of(READY, REMAKING);
            case REMAKING -> EnumSet.of(WAITING_FOR_DOUGH, MAKING_DOUGH, WAITING_FOR_CHEF, TOPPING);
            case READY -> EnumSet.of(WAITING_FOR_DRIVER, OUT_FOR_DELIVERY, READY_FOR_PICKUP, SERVED);
            case WAITING_FOR_DRIVER -> EnumSet.of(WAITING_FOR_DRIVER, OUT_FOR_DELIVERY);
            case OUT_FOR_DELIVERY -> EnumSet.of(DELIVERED);
            default -> EnumSet.noneOf(OrderState.class);
        };
    }
}
