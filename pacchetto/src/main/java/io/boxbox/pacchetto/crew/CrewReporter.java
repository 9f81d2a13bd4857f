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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the world who is on shift: gRPC health follows the crew (NOT_SERVING while everyone is
 * asleep or at lunch, so a load balancer takes the replica out), and every person's state goes
 * to KV {@code staff} as a heartbeat; on shutdown everyone is reported OFFLINE.
 * <p>
 * Nothing here polls faster than a person can change: health is checked when the crew says
 * somebody left or came back ({@link Crew#onAbsenceChange}), at the instant the next absence is
 * due to end or the next break to start ({@link Crew#nextChange}), and every
 * {@code health-interval} in any case (the framework sets the status at start-up too, and ours
 * must win). Heartbeats write only the people whose state changed, and the others every
 * {@code heartbeat-refresh} ({@link StaffHeartbeats}).
 */
@Context
@Requires(beans = {Crew.class, HealthStatusManager.class})
public class CrewReporter {

    private static final Logger LOG = LoggerFactory.getLogger(CrewReporter.class);
    /** A change due "now" is looked at a moment later, so the crew's clock has surely passed it. */
    private static final Duration PAST_DUE = Duration.ofMillis(1);

    private final Crew crew;
    private final HealthStatusManager health;
    private final ServiceIdentity identity;
    private final Provider<KeyValue> staff;
    private final CrewSettings settings;
    private final StaffHeartbeats heartbeats;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("crew-reporter").daemon().factory());
    /** A health check asked for by the crew and not run yet: news of many absences at once costs one check. */
    private final AtomicBoolean checkAsked = new AtomicBoolean();
    /** The next timed health check; only the ticker's thread touches it. */
    private ScheduledFuture<?> nextCheck;
    private volatile ServingStatus lastStatus;
    private volatile boolean heartbeatsFailing;

    public CrewReporter(Crew crew, HealthStatusManager health, ServiceIdentity identity, @StaffBucket Provider<KeyValue> staff,
                        ObjectMapper json, CrewSettings settings) {
        this.crew = crew;
        this.health = health;
        this.identity = identity;
        this.staff = staff;
        this.settings = settings;
        this.heartbeats = new StaffHeartbeats(json, settings.heartbeatRefresh());
        crew.onAbsenceChange(this::askForCheck);
        ticker.execute(this::updateHealth);
        ticker.scheduleWithFixedDelay(this::heartbeat, 0, settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called with the crew's lock held: only hands the check to the ticker. */
    private void askForCheck() {
        if (checkAsked.compareAndSet(false, true)) {
            try {
                ticker.execute(this::updateHealth);
            } catch (RejectedExecutionException closing) {
                checkAsked.set(false);
            }
        }
    }

    private void updateHealth() {
        checkAsked.set(false);
        try {
            ServingStatus status = crew.anyonePresent() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
            // Set every time: the framework also sets the status (at start-up), and ours must win.
            health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
            if (status != lastStatus) {
                LOG.info("{} is {}", identity.service(), status);
                lastStatus = status;
            }
        } finally {
            scheduleNextCheck();
        }
    }

    /** The next timed check: when the crew's next change is due, or after {@code health-interval}, whichever is first. */
    private void scheduleNextCheck() {
        if (ticker.isShutdown()) {
            return;
        }
        Duration delay = settings.healthInterval();
        Optional<Duration> change = crew.untilNextChange();
        if (change.isPresent() && change.get().plus(PAST_DUE).compareTo(delay) < 0) {
            delay = change.get().plus(PAST_DUE);
        }
        if (nextCheck != null) {
            nextCheck.cancel(false);
        }
        try {
            nextCheck = ticker.schedule(this::updateHealth, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            nextCheck = null;
        }
    }

    private void heartbeat() {
        publish(entries(Optional.empty()), false);
    }

    List<StaffEntry> entries(Optional<Instant> offlineAt) {
        Instant now = clock.instant();
        return crew.roster().stream()
                .map(p -> new StaffEntry(p.name(), identity.service(), identity.instance(), p.state(), p.since(), p.until(),
                        p.orderId(), now, p.overrun() ? Boolean.TRUE : null))
                .map(entry -> offlineAt.map(entry::offline).orElse(entry))
                .toList();
    }

    private void publish(List<StaffEntry> entries, boolean all) {
        try {
            heartbeats.write(staff.get(), entries, all);
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
        publish(entries(Optional.of(clock.instant())), true);
    }
}
