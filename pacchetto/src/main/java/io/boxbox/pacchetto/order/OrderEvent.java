package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change of one order, as recorded on {@code ORDER_EVENTS}: the order's journal entry
 * and its only durable record. {@code actor} names the person or part that caused it ("Gino
 * (panettiere)", "paddock-gateway"), {@code instance} the service instance it ran in,
 * {@code detail} why (for waits) or what (for progress). {@code revision} numbers the order's
 * changes (1 for {@code RECEIVED}, one more per change) and {@code snapshot} is the whole order
 * after this change, so the last entry alone says where the order stands. {@code pizza} names the
 * pizza (1-based) a change of one pizza was about; absent for a change of the whole order.
 * {@code stateSince} is when the order entered {@code state} (earlier than {@code at} for a pizza's
 * change within a stage): the stage durations are measured from it. Entries written before it
 * existed lack it, and the time of the entry stands in.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(
        String orderId,
        OrderState state,
        Instant at,
        String actor,
        String instance,
        String detail,
        int attempt,
        long revision,
        OrderSnapshot snapshot,
        Integer pizza,
        Instant stateSince) {

    public OrderEvent(String orderId, OrderState state, Instant at, String actor, String instance, String detail,
                      int attempt, long revision, OrderSnapshot snapshot, Integer pizza) {
        this(orderId, state, at, actor, instance, detail, attempt, revision, snapshot, pizza, null);
    }

    public OrderEvent(String orderId, OrderState state, Instant at, String actor, String instance, String detail,
                      int attempt, long revision, OrderSnapshot snapshot) {
        this(orderId, state, at, actor, instance, detail, attempt, revision, snapshot, null);
    }

    /** An event without a journal position (revision 0, no snapshot), as tests and feeds build them. */
    public OrderEvent(String orderId, OrderState state, Instant at, String actor, String instance, String detail,
                      int attempt) {
        this(orderId, state, at, actor, instance, detail, attempt, 0, null);
    }

    /** The entry recording {@code after}, the snapshot a change produced. */
    public static OrderEvent of(OrderSnapshot after, String actor, String instance, String detail) {
        return new OrderEvent(after.orderId(), after.state(), after.updatedAt(), actor, instance, detail,
                after.attempt(), after.revision(), after, null);
    }

    /** The entry recording {@code after}, a change of pizza {@code pizza} (or of the whole order when 0). */
    public static OrderEvent of(OrderSnapshot after, String actor, String instance, String detail, int pizza) {
        return new OrderEvent(after.orderId(), after.state(), after.updatedAt(), actor, instance, detail,
                after.attempt(), after.revision(), after, pizza == Transition.WHOLE_ORDER ? null : pizza);
    }

    /** This entry, the order having stood in its state since {@code since}. */
    public OrderEvent withStateSince(Instant since) {
        return new OrderEvent(orderId, state, at, actor, instance, detail, attempt, revision, snapshot, pizza, since);
    }

    /** When the order entered this entry's state: {@code stateSince}, or the entry's time for older entries. */
    public Instant enteredStateAt() {
        return stateSince != null ? stateSince : at;
    }

    /**
     * Whether {@code other} is the same change as this one: same state, attempt, actor and detail.
     * A writer repeating a change it already made (a retried call, a redelivered order) finds it
     * recorded and writes nothing.
     */
    public boolean isSameChangeAs(OrderEvent other) {
        return state == other.state && attempt == other.attempt && Objects.equals(pizza, other.pizza)
                && pizzaStage() == other.pizzaStage()
                && Objects.equals(actor, other.actor) && Objects.equals(detail, other.detail);
    }

    /** The stage the named pizza reached with this change; null for a change of the whole order. */
    private OrderState pizzaStage() {
        return pizza == null || snapshot == null ? null : snapshot.pizza(pizza).state();
    }
}
