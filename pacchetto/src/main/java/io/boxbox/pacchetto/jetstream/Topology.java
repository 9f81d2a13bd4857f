package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.order.OrderType;

/** Names of every stream, subject, consumer and bucket; the contract between gateway and maestro. */
public final class Topology {

    public static final String ORDERS_STREAM = "ORDERS";
    public static final String ORDERS_SUBJECT_PREFIX = "orders.new.";
    public static final String ORDERS_SUBJECTS = "orders.new.>";
    /**
     * The shape of every order subject before issue 11, {@code orders.new.<order_id>}: one token
     * after the prefix. {@link JetStreamTopology#ensure()} moves messages still stored that way to
     * their typed subject.
     */
    public static final String UNTYPED_ORDER_SUBJECTS = "orders.new.*";
    /**
     * The one all-types consumer (filter {@code orders.new.>}) before issue 11. A work queue refuses
     * a consumer whose filter overlaps another's, so {@link JetStreamTopology#ensure()} removes it.
     */
    public static final String RETIRED_MAESTRO_CONSUMER = "maestro";
    private static final String MAESTRO_CONSUMER_PREFIX = "maestro-";

    public static final String EVENTS_STREAM = "ORDER_EVENTS";
    public static final String EVENTS_SUBJECT_PREFIX = "orders.events.";
    public static final String EVENTS_SUBJECTS = "orders.events.>";

    public static final String DEAD_LETTER_STREAM = "DEAD_LETTERS";
    public static final String DEAD_LETTER_SUBJECT_PREFIX = "orders.dead.";
    public static final String DEAD_LETTER_SUBJECTS = "orders.dead.>";
    private static final String MAX_DELIVERIES_ADVISORY_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + ORDERS_STREAM + ".";

    /**
     * The KV bucket of order snapshots before each journal entry carried its snapshot. Nothing
     * reads or writes it any more; a migrated server keeps it until an operator deletes it.
     */
    public static final String ORDERS_BUCKET = "orders";
    public static final String STAFF_BUCKET = "staff";
    /** Idempotency-Key → the first answer (order id, body hash, ordered_at), kept for the key's lifetime (24 h). */
    public static final String IDEMPOTENCY_BUCKET = "idempotency";
    /** The driver's last position and ETA per order: bookkeeping, not history (no event per fix). */
    public static final String DELIVERIES_BUCKET = "deliveries";
    /** driver-sim's rides by order id (driver, route, pickup, delivery): one driver per order across restarts and replicas. */
    public static final String RIDES_BUCKET = "rides";
    /** Issue 11: the day's order-number counters (compare-and-set) and the number → order id index. */
    public static final String ORDER_NUMBERS_BUCKET = "order-numbers";
    /** Issue 11: stock per ingredient, shared by every replica of the kitchen. */
    public static final String PANTRY_BUCKET = "pantry";
    /** Issue 11: each maestro's sign over its pass, the order types it takes ({@link KitchenSign}), by instance. */
    public static final String KITCHENS_BUCKET = "kitchens";

    private Topology() {
    }

    /** {@code orders.new.<order_type>.<order_id>}: the type picks the consumer, and so the maestri who make it. */
    public static String orderSubject(OrderType type, String orderId) {
        return ordersOf(type) + orderId;
    }

    /** The order's subject whatever its type, {@code orders.new.*.<order_id>}: for looking it up by id alone. */
    public static String orderSubjectOfAnyType(String orderId) {
        return ORDERS_SUBJECT_PREFIX + "*." + orderId;
    }

    /** The order id of a typed order subject (the last token). */
    public static String orderIdOf(String orderSubject) {
        return orderSubject.substring(orderSubject.lastIndexOf('.') + 1);
    }

    /** The subjects of one order type, {@code orders.new.<order_type>.>}: its consumer's filter. */
    public static String orderSubjects(OrderType type) {
        return ordersOf(type) + ">";
    }

    /**
     * The durable pull consumer of one order type, {@code maestro-<order_type>}, shared by every
     * maestro that takes that type. nats-server 2.9 allows one filter per consumer.
     */
    public static String maestroConsumer(OrderType type) {
        return MAESTRO_CONSUMER_PREFIX + type.wireName();
    }

    /** JetStream's advisory when that type's consumer gives up redelivering a message. */
    public static String maxDeliveriesAdvisory(OrderType type) {
        return MAX_DELIVERIES_ADVISORY_PREFIX + maestroConsumer(type);
    }

    private static String ordersOf(OrderType type) {
        return ORDERS_SUBJECT_PREFIX + type.wireName() + ".";
    }

    public static String eventSubject(String orderId) {
        return EVENTS_SUBJECT_PREFIX + orderId;
    }
}
