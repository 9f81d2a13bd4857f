package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.testing.ManualClock;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.nats.client.KeyValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health follows the crew without polling it ten times a second; no time is asserted, only what happens. */
class CrewReporterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-09-06T12:00:00Z"));
    private final List<String> puts = new CopyOnWriteArrayList<>();
    private final KeyValue staff = (KeyValue) Proxy.newProxyInstance(KeyValue.class.getClassLoader(),
            new Class<?>[]{KeyValue.class}, (proxy, method, args) -> {
                if (method.getName().equals("put")) {
                    puts.add((String) args[0]);
                    return 1L;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private CrewReporter reporter(Crew crew, HealthStatusManager health) {
        // health-interval far beyond the test: only the crew's news and its next due change can move health here
        CrewSettings settings = new CrewSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1),
                Duration.ZERO);
        return new CrewReporter(crew, health, new ServiceIdentity("panettiere", "p-1"), () -> staff,
                new ObjectMapper().registerModule(new JavaTimeModule()), settings);
    }

    private static Crew panettieri(Clock clock) {
        Routine sleep = new Routine(AbsenceKind.ASLEEP, Duration.ofHours(1), Duration.ofSeconds(20), () -> Chance.of(0));
        return Crew.staff("panettiere", List.of("Gino", "Pina"), 1, sleep, null, new RandomSource(42),
                new TimeScale(1), clock, CrewListener.NONE);
    }

    @Test
    void healthFollowsAWholeCrewSentToSleepWithoutWaitingForAnInterval() throws Exception {
        Crew crew = panettieri(clock);
        HealthStatusManager health = new HealthStatusManager();
        CrewReporter reporter = reporter(crew, health);
        try {
            awaitStatus(health, ServingStatus.SERVING);
            crew.force(Optional.empty(), AbsenceKind.ASLEEP, Duration.ofSeconds(30));
            awaitStatus(health, ServingStatus.NOT_SERVING);
            awaitTrue(() -> puts.stream().anyMatch(key -> key.endsWith("Gino")) && puts.stream().anyMatch(key -> key.endsWith("Pina")),
                    "both people are written to KV staff");
        } finally {
            reporter.close();
        }
    }

    @Test
    void healthComesBackWhenTheSleepIsDueToEndThoughNobodyLooksAtTheCrew() throws Exception {
        Crew crew = panettieri(Clock.systemUTC());
        HealthStatusManager health = new HealthStatusManager();
        CrewReporter reporter = reporter(crew, health);
        try {
            awaitStatus(health, ServingStatus.SERVING);
            crew.force(Optional.empty(), AbsenceKind.ASLEEP, Duration.ofSeconds(2));
            awaitStatus(health, ServingStatus.NOT_SERVING);
            awaitStatus(health, ServingStatus.SERVING);
        } finally {
            reporter.close();
        }
    }

    private static void awaitStatus(HealthStatusManager health, ServingStatus wanted) throws InterruptedException {
        awaitTrue(() -> wanted == status(health), "health " + wanted);
        assertEquals(wanted, status(health));
    }

    private static ServingStatus status(HealthStatusManager health) {
        AtomicReference<ServingStatus> seen = new AtomicReference<>();
        ((io.grpc.health.v1.HealthGrpc.AsyncService) health.getHealthService()).check(
                HealthCheckRequest.newBuilder().setService(HealthStatusManager.SERVICE_NAME_ALL_SERVICES).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse value) {
                        seen.set(value.getStatus());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return seen.get();
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.get(); i++) {
            Thread.sleep(20);
        }
        assertTrue(condition.get(), what);
    }
}
