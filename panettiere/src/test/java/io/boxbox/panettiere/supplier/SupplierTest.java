package io.boxbox.panettiere.supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.PantryMeter;
import io.boxbox.pacchetto.pantry.PantrySettings;
import io.boxbox.pacchetto.pantry.Shelf;
import io.boxbox.pacchetto.pantry.Take;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The supplier hears a shelf go low, says when they will be back, drives (scaled time) and fills it. */
class SupplierTest {

    @Test
    void aLowShelfIsRestockedToCapacityAfterTheDrive() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
            Pantry pantry = new Pantry(connection.keyValue(Topology.PANTRY_BUCKET), connection,
                    new PantrySettings(10, 5, 10, 10, 5, 10), new Ingredients(), JsonConventions.apply(new ObjectMapper()),
                    new PantryMeter());
            // a 10-minute drive at scale 0.002 is 1.2 s; the sweep is slow, so the event is what starts the trip
            SupplierSettings settings = new SupplierSettings(true, "Bruno", Duration.ofMinutes(10), 1.0, 0, 1,
                    Duration.ofMinutes(5));
            SimClock clock = new SimClock(new TimeScale(0.002), Clock.systemUTC());
            try (Supplier supplier = new Supplier(pantry, connection, settings, clock,
                    new RandomSource(42).stream("panettiere", "Bruno", "truck"), () -> Chance.of(0))) {
                supplier.start();
                connection.flush(Duration.ofSeconds(2));
                for (int i = 0; i < 5; i++) {
                    assertInstanceOf(Take.Taken.class, pantry.take(List.of("chinotto")));
                }
                // 5 left: at the threshold; the supplier is on the way and says until when
                await("the supplier did not set off", () -> "DRIVING".equals(supplier.view().state()));
                Shelf waiting = pantry.shelf("chinotto");
                assertNotNull(waiting.expectedBack());
                assertEquals(supplier.view().until(), waiting.expectedBack());
                assertTrue(waiting.expectedBack().isAfter(Instant.now().plusMillis(500)), "a 1.2 s drive");

                await("the supplier did not restock", () -> stock(pantry) == 10);
                assertNull(pantry.shelf("chinotto").expectedBack());
                assertEquals("IDLE", supplier.view().state());
            }
        }
    }

    private static int stock(Pantry pantry) {
        try {
            return pantry.shelf("chinotto").stock();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String failure, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}
