package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short form of {@code ./boxbox chaos}: three minutes of the winning weekend with every kind of
 * service killed once and NATS restarted twice, then the audit of every order. Fails with the
 * audit's findings when it is not clean.
 */
class ChaosIT {

    @Test
    void threeMinutesOfChaosLeaveEveryOrderEndedExactlyOnce() throws Exception {
        AuditReport report = new ChaosRun(ChaosRun.Settings.of(Duration.ofMinutes(3), 7, 6, 0.01), System.out).run();
        StringBuilder why = new StringBuilder(report.summary());
        report.findings().stream().limit(40).forEach(f -> why.append('\n').append(f.line()));
        if (report.findings().size() > 40) {
            why.append("\n… and ").append(report.findings().size() - 40).append(" more (see the test's output)");
        }
        assertTrue(report.clean(), why.toString());
    }
}
