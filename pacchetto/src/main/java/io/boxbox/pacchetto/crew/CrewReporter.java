package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.jetstream.StaffBucket;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.nats.client.KeyValue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the world who is on shift: gRPC health follows the crew (NOT_SERVING while everyone is
 * asleep or at lunch, so a load balancer takes the replica out), and every person's state goes
 * to KV {@code staff} as a heartbeat; on shutdown everyone is reported OFFLINE.
 */
@Context
@Requires(beans = {Crew.class, HealthStatusManager.class})
public class CrewReporter {

    private static final Logger LOG = LoggerFactory.getLogger(CrewReporter.class);

    private final Crew crew;
    private final HealthStatusManager health;
    private final ServiceIdentity identity;
    private final Provider<KeyValue> staff;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("crew-reporter").daemon().factory());
    private volatile ServingStatus lastStatus;
    private volatile boolean heartbeatsFailing;

    public CrewReporter(Crew crew, HealthStatusManager health, ServiceIdentity identity, @StaffBucket Provider<KeyValue> staff,
                        ObjectMapper json, CrewSettings settings) {
        this.crew = crew;
        this.health = health;
        this.identity = identity;
        this.staff = staff;
        this.json = json;
        updateHealth();
        ticker.scheduleWithFixedDelay(this::updateHealth, settings.healthInterval().toMillis(),
                settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::heartbeat, 0, settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void updateHealth() {
        ServingStatus status = crew.anyonePresent() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        // Set every time: the framework also sets the status (at start-up), and ours must win.
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        if (status != lastStatus) {
            LOG.info("{} is {}", identity.service(), status);
            lastStatus = status;
        }
    }

    private void heartbeat() {
        publish(entries(Optional.empty()));
    }

    List<StaffEntry> entries(Optional<Instant> offlineAt) {
        Instant now = clock.instant();
        return crew.roster().stream()
                .map(p -> new StaffEntry(p.name(), identity.service(), identity.instance(), p.state(), p.since(), p.until(),
                        p.orderId(), now, p.overrun() ? Boolean.TRUE : null))
                .map(entry -> offlineAt.map(entry::offline).orElse(entry))
                .toList();
    }

    private void publish(List<StaffEntry> entries) {
        try {
            KeyValue bucket = staff.get();
            for (StaffEntry entry : entries) {
                bucket.put(entry.key(), json.writeValueAsBytes(entry));
            }
            if (heartbeatsFailing) {
                LOG.info("staff heartbeats flowing again");
                heartbeatsFailing = false;
            }
        } catch (Exception e) {
            if (!heartbeatsFailing) {
                LOG.warn("cannot write staff heartbeats: {}", e.toString());
                heartbeatsFailing = true;
            }
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(2, TimeUnit.SECONDS);
        publish(entries(Optional.of(clock.instant())));
    }
}
