package io.boxbox.panettiere.supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.crew.CrewSettings;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.crew.StaffEntry;
import io.boxbox.pacchetto.crew.StaffHeartbeats;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.jetstream.StaffBucket;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts the supplier on duty in the panettiere service and shows them in KV {@code staff} like
 * every other person (looked at every {@code boxbox.crew.heartbeat-interval}, written when their
 * state changed or every {@code heartbeat-refresh}, see {@code StaffHeartbeats}; OFFLINE on shutdown), as service {@value #SERVICE} at the panettiere's instance: hosted there, but no
 * panettiere (a whole dough crew asleep is still a whole crew asleep). Not through
 * {@code CrewReporter}: their being on the road must not make the panettiere's gRPC health NOT_SERVING.
 */
@Context
@Requires(property = "boxbox.supplier.enabled", notEquals = "false")
public class SupplierOnDuty {

    static final String LATE_TRUCK = "late_truck";
    static final String SERVICE = "supplier";
    private static final Logger LOG = LoggerFactory.getLogger(SupplierOnDuty.class);

    private final Supplier supplier;
    private final ServiceIdentity identity;
    private final Provider<KeyValue> staff;
    private final StaffHeartbeats heartbeats;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("supplier-reporter").daemon().factory());
    private volatile boolean heartbeatsFailing;

    public SupplierOnDuty(Pantry pantry, Connection connection, SupplierSettings settings, SimClock clock,
                          RandomSource randomness, Mishaps mishaps, ServiceIdentity identity,
                          @StaffBucket Provider<KeyValue> staff, ObjectMapper json, CrewSettings crewSettings) {
        mishaps.declare(LATE_TRUCK, new Chance(settings.probabilityOfLateTruck(), settings.lateTruckFactor()));
        this.supplier = new Supplier(pantry, connection, settings, clock,
                randomness.stream(identity.service(), settings.name(), "truck"), () -> mishaps.chance(LATE_TRUCK));
        this.identity = identity;
        this.staff = staff;
        this.heartbeats = new StaffHeartbeats(json, crewSettings.heartbeatRefresh());
        putUpShelves(pantry);
        supplier.start();
        ticker.scheduleWithFixedDelay(this::heartbeat, 0, crewSettings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("{} the supplier is on duty", settings.name());
    }

    private static void putUpShelves(Pantry pantry) {
        try {
            int created = pantry.putUp();
            if (created > 0) {
                LOG.info("put up {} shelves in the pantry", created);
            }
        } catch (Exception e) {
            // Not fatal: a shelf is created by its first change anyway, with the settings of whoever changes it.
            LOG.warn("cannot put up the pantry's shelves: {}", e.toString());
        }
    }

    private void heartbeat() {
        publish(entry(), false);
    }

    private StaffEntry entry() {
        Supplier.View now = supplier.view();
        return new StaffEntry(now.name(), SERVICE, identity.instance(), now.state(), now.since(), now.until(),
                null, clock.instant());
    }

    private void publish(StaffEntry entry, boolean always) {
        try {
            heartbeats.write(staff.get(), List.of(entry), always);
            if (heartbeatsFailing) {
                heartbeatsFailing = false;
            }
        } catch (Exception e) {
            if (!heartbeatsFailing) {
                LOG.warn("cannot write the supplier's heartbeat: {}", e.toString());
                heartbeatsFailing = true;
            }
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(2, TimeUnit.SECONDS);
        supplier.close();
        publish(entry().offline(clock.instant()), true);
    }
}
