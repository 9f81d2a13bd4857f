package io.boxbox.bench;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recording's execution samples are told apart by thread kind and by the Box Box methods on their stacks. */
class GatewayProfileTest {

    @TempDir
    Path dir;

    private final AtomicBoolean spinning = new AtomicBoolean(true);
    private volatile long sink;

    @Test
    void samplesAreGroupedByThreadAndByOurMethodsOnTheStack() throws Exception {
        Thread worker = Thread.ofPlatform().name("oven-7").start(this::bake);
        try {
            GatewayProfile.Summary summary = null;
            // sampling is periodic, not guaranteed: record until the busy thread has been caught enough
            for (int attempt = 0; attempt < 10 && (summary == null || summary.samples() < 10); attempt++) {
                Path file = dir.resolve("profile-" + attempt + ".jfr");
                try (Recording recording = new Recording()) {
                    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                    recording.setToDisk(true);
                    recording.start();
                    Thread.sleep(500);
                    recording.stop();
                    recording.dump(file);
                }
                summary = GatewayProfile.summarise(file);
            }
            assertTrue(summary.samples() >= 10, "the busy thread was sampled: " + summary);
            assertTrue(summary.threadPercent().containsKey("oven-N"), "thread names lose their numbers: " + summary.threadPercent());
            assertTrue(summary.boxBoxOnStack().containsKey("GatewayProfileTest.bake"),
                    "our methods are named by class and method: " + summary.boxBoxOnStack());
        } finally {
            spinning.set(false);
            worker.join();
        }
    }

    private void bake() {
        long crust = 0;
        while (spinning.get()) {
            for (int i = 0; i < 100_000; i++) {
                crust += i * 31L ^ crust;
            }
            sink = crust;
        }
    }
}
