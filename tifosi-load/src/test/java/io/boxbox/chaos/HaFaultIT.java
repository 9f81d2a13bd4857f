package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short form of {@code ./boxbox ha}: 40 seconds of the winning weekend on {@code ./boxbox up --ha}
 * (three clustered nats-servers, two replicas of everything but the gateway), with the node
 * leading {@code ORDERS} and replica 2 of each kitchen service killed, then brought back by
 * {@code up --ha}. Fails with what {@link HaRun} found: the audit of every order, the survivors'
 * calls, the rejoined node's copy, what {@code ./boxbox status} said.
 */
class HaFaultIT {

    @Test
    void theScaledOutShapeRidesOutANodeAndAReplicaOfEachKitchen() throws Exception {
        Path root = Path.of(System.getProperty("boxbox.root", "..")).toAbsolutePath().normalize();
        HaRun.Report report = new HaRun(HaRun.Settings.of(Duration.ofSeconds(40), 7, 4, 0.01, false), root, System.out).run();
        StringBuilder why = new StringBuilder(report.summary());
        report.audit().findings().stream().limit(40).forEach(f -> why.append('\n').append(f.line()));
        assertTrue(report.clean(), why.toString());
    }
}
