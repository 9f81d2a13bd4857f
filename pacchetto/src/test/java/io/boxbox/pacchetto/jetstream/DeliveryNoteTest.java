package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A driver's note shows on the order only while it is newer than the order's last change and the order is under way. */
class DeliveryNoteTest {

    private static final Instant PICKED_UP = Instant.parse("2026-09-06T12:00:00Z");
    private static final GeoPoint PIZZERIA = new GeoPoint(45.6205, 9.2822);
    private static final GeoPoint ON_THE_WAY = new GeoPoint(45.6180, 9.2810);

    @Test
    void aNewerNoteShowsTheDriversPositionAndEta() {
        OrderSnapshot out = outForDelivery();
        OrderSnapshot shown = new DeliveryNote("Kimi", ON_THE_WAY, 120, PICKED_UP.plusSeconds(30)).applyTo(out);
        assertEquals(ON_THE_WAY, shown.lastPosition());
        assertEquals(120L, shown.etaSeconds());
        assertEquals(OrderState.OUT_FOR_DELIVERY, shown.state());
        assertEquals(out.revision(), shown.revision());
    }

    @Test
    void aNoteFromBeforeTheLastChangeIsIgnored() {
        OrderSnapshot out = outForDelivery();
        assertEquals(out, new DeliveryNote("Kimi", ON_THE_WAY, 400, PICKED_UP.minusSeconds(30)).applyTo(out));
    }

    @Test
    void anEndedOrderShowsWhatItsLastEntryRecorded() {
        OrderSnapshot delivered = outForDelivery().withState(OrderState.DELIVERED, PICKED_UP.plusSeconds(60))
                .withDelivery("Kimi", ON_THE_WAY, 0L);
        assertEquals(delivered, new DeliveryNote("Kimi", PIZZERIA, 90, PICKED_UP.plusSeconds(90)).applyTo(delivered));
    }

    private static OrderSnapshot outForDelivery() {
        return new OrderSnapshot("o-1", "BB-20261201-0001", OrderState.OUT_FOR_DELIVERY, "charles", null, null, null,
                null, null, null, null, null, PICKED_UP.minusSeconds(600), PICKED_UP, 1, "Gino", "Mario", "Kimi",
                PIZZERIA, 300L, null, 9, 0, true);
    }
}
