package io.boxbox.pacchetto.order;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every state an order really goes through, and the moves allowed out of each. This is the one
 * place that decides whether a transition is legal; every writer of the snapshot goes through it.
 * A state never goes back: a redelivered order is not queued again, its new maestro records a
 * takeover, an entry that keeps the state (any unfinished state may be recorded again) and names
 * who took over at which attempt. Whether an order may still be cancelled also depends on its
 * past (a pizza that was in the oven is never cancellable again): see {@link OrderSnapshot#canMoveTo}.
 */
public enum OrderState {
    RECEIVED,
    QUEUED,
    WAITING_FOR_STOCK,
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
            EnumSet.of(RECEIVED, QUEUED, WAITING_FOR_STOCK, WAITING_FOR_DOUGH, MAKING_DOUGH, WAITING_FOR_CHEF, TOPPING);
    /**
     * The stages a pizza goes through in the kitchen, lowest first. An order of several pizzas is at
     * the lowest stage of its pizzas; the two loops (waiting for an ingredient, a remake) rank lowest
     * because while one pizza is in them the order as a whole is that far from ready.
     */
    private static final List<OrderState> KITCHEN = List.of(QUEUED, WAITING_FOR_STOCK, REMAKING, WAITING_FOR_DOUGH,
            MAKING_DOUGH, WAITING_FOR_CHEF, TOPPING, IN_OVEN, READY);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    public boolean isCancellable() {
        return CANCELLABLE.contains(this);
    }

    /** Whether the pizza is in the oven or has been: from here on the order is never cancellable again. */
    public boolean isPastTheOven() {
        return this == IN_OVEN || this == READY || this == WAITING_FOR_DRIVER || this == OUT_FOR_DELIVERY;
    }

    /** Whether a pizza can be at this stage ({@link #kitchenRank()} is defined). */
    public boolean isKitchenStage() {
        return KITCHEN.contains(this);
    }

    /** The place of a kitchen stage in {@link #KITCHEN}, lowest first; -1 for a state no pizza is ever in. */
    public int kitchenRank() {
        return KITCHEN.indexOf(this);
    }

    /** Whether an order in this state may move to {@code next}. */
    public boolean canMoveTo(OrderState next) {
        if (isTerminal()) {
            return false;
        }
        if (next == FAILED || (next == CANCELLED && isCancellable())) {
            return true;
        }
        // The same state again: a maestro taking over a redelivered order, or a second wait in a row.
        if (next == this) {
            return true;
        }
        if (forwardMoves().contains(next)) {
            return true;
        }
        // Several pizzas: the order follows its slowest pizza. When that pizza takes a step, the
        // order lands between where it was and where the pizza went (another pizza may be in
        // between), and any pizza entering a loop (remade, waiting for an ingredient) takes the
        // order there from any stage before READY.
        if (this != READY && isKitchenStage() && next.isKitchenStage() && next != QUEUED) {
            if (next == REMAKING || next == WAITING_FOR_STOCK) {
                return true;
            }
            int furthest = forwardMoves().stream().filter(OrderState::isKitchenStage)
                    .mapToInt(OrderState::kitchenRank).max().orElse(-1);
            return next.kitchenRank() > kitchenRank() && next.kitchenRank() <= furthest;
        }
        return false;
    }

    private Set<OrderState> forwardMoves() {
        return switch (this) {
            case RECEIVED -> EnumSet.of(QUEUED);
            case QUEUED -> EnumSet.of(WAITING_FOR_STOCK, WAITING_FOR_DOUGH, MAKING_DOUGH, TOPPING, READY);
            case WAITING_FOR_STOCK -> EnumSet.of(WAITING_FOR_DOUGH, MAKING_DOUGH, WAITING_FOR_CHEF, TOPPING, REMAKING, READY);
            case WAITING_FOR_DOUGH -> EnumSet.of(MAKING_DOUGH);
            case MAKING_DOUGH -> EnumSet.of(WAITING_FOR_DOUGH, WAITING_FOR_CHEF, TOPPING);
            case WAITING_FOR_CHEF -> EnumSet.of(TOPPING);
            case TOPPING -> EnumSet.of(IN_OVEN, REMAKING);
            case IN_OVEN -> EnumSet.of(READY, REMAKING);
            case REMAKING -> EnumSet.of(WAITING_FOR_DOUGH, MAKING_DOUGH, WAITING_FOR_CHEF, TOPPING);
            case READY -> EnumSet.of(WAITING_FOR_DRIVER, OUT_FOR_DELIVERY, READY_FOR_PICKUP, SERVED);
            case WAITING_FOR_DRIVER -> EnumSet.of(OUT_FOR_DELIVERY);
            case OUT_FOR_DELIVERY -> EnumSet.of(DELIVERED);
            default -> EnumSet.noneOf(OrderState.class);
        };
    }
}
