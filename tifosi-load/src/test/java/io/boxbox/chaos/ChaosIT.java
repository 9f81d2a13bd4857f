package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short form of {@code ./boxbox chaos}: 90 seconds of the winning weekend with every kind of
 * service killed once and NATS restarted twice, then the audit of every order. Fails with the
 * audit's findings when it is not clean. 90 seconds (three minutes before issue 11, two before the HA
 * fault test {@link HaFaultIT} joined the suite's 15-minute budget); the same seven faults still
 * fall in seven slots of about 13 s, each after the previous one has recovered, and the
 * long forms ({@code ./boxbox chaos 3}, {@code chaos 10}) run the same checks for longer.
 */
class ChaosIT {

    @Test
    void ninetySecondsOfChaosLeaveEveryOrderEndedExactlyOnce() throws Exception {
        AuditReport report = new ChaosRun(ChaosRun.Settings.of(Duration.ofSeconds(90), 7, 6, 0.01), System.out).run();
        StringBuilder why = new StringBuilder(report.summary());
        report.findings().stream().limit(40).forEach(f -> why.append('\n').append(f.line()));
        if (report.findings().size() > 40) {
            why.append("\n… and ").append(report.findings().size() - 40).append(" more (see the test's output)");
        }
        assertTrue(report.clean(), why.toString());
    }
}
