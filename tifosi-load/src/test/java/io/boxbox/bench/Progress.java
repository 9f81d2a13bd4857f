package io.boxbox.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** What the benchmark is doing, on standard error, so a person watching knows how far it is. */
final class Progress {

    private Progress() {
    }

    static void step(String text) {
        System.err.println("==> " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
    }

    static void line(String format, Object... args) {
        System.err.println("    " + String.format(format, args));
    }
}
