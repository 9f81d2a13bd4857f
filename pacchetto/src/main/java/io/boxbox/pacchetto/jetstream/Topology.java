package io.boxbox.pacchetto.jetstream;

/** Names of every stream, subject, consumer and bucket; the contract between gateway and maestro. */
public final class Topology {

    public static final String ORDERS_STREAM = "ORDERS";
    public static final String ORDERS_SUBJECT_PREFIX = "orders.new.";
    public static final String ORDERS_SUBJECTS = "orders.new.>";
    public static final String MAESTRO_CONSUMER = "maestro";

    public static final String EVENTS_STREAM = "ORDER_EVENTS";
    public static final String EVENTS_SUBJECT_PREFIX = "orders.events.";
    public static final String EVENTS_SUBJECTS = "orders.events.>";

    public static final String DEAD_LETTER_STREAM = "DEAD_LETTERS";
    public static final String DEAD_LETTER_SUBJECT_PREFIX = "orders.dead.";
    public static final String DEAD_LETTER_SUBJECTS = "orders.dead.>";
    /** JetStream's advisory when the maestro consumer gives up redelivering a message. */
    public static final String MAX_DELIVERIES_ADVISORY = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + ORDERS_STREAM + "." + MAESTRO_CONSUMER;

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

    private Topology() {
    }

    public static String orderSubject(String orderId) {
        return ORDERS_SUBJECT_PREFIX + orderId;
    }

    public static String eventSubject(String orderId) {
        return EVENTS_SUBJECT_PREFIX + orderId;
    }
}
