package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.testing.NatsUsers;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A kitchen that may not shape the topology starts before anyone has: it waits for its bucket
 * (with only its own permissions) and uses it once the maestro has made it.
 */
class BucketsTest {

    @Test
    void kitchenStartedFirstWaitsForItsBucketUntilTheMaestroMakesIt() throws Exception {
        try (PrivateNats nats = PrivateNats.secured();
             Connection chef = connect(nats, NatsUsers.CHEF);
             Connection maestro = connect(nats, NatsUsers.MAESTRO)) {
            Buckets kitchen = new Buckets(chef, false, new SimClock(new TimeScale(1.0), Clock.systemUTC()));
            CompletableFuture<KeyValue> pantry = CompletableFuture.supplyAsync(() -> {
                try {
                    return kitchen.open(Topology.PANTRY_BUCKET);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Nobody has shaped the topology: after a few looks the kitchen must still be waiting.
            Thread.sleep(Buckets.RECHECK.multipliedBy(3).toMillis());
            assertFalse(pantry.isDone(), "opened a bucket that does not exist: " + pantry);

            new JetStreamTopology(maestro, Duration.ofDays(7)).ensure();

            KeyValue shelves = pantry.get(60, TimeUnit.SECONDS);
            shelves.put("shelf.flour", "12");
            assertEquals("12", new String(shelves.get("shelf.flour").getValue()));
        }
    }

    private static Connection connect(PrivateNats nats, String user) throws Exception {
        return Nats.connect(Options.builder().server(nats.url()).userInfo(user, nats.users().password(user))
                .inboxPrefix(NatsUsers.inboxPrefix(user)).build());
    }
}
