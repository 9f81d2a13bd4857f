package io.boxbox.gateway.timeline;

import java.util.Locale;

/** A duration as a person says it: "40 ms", "2.5 s", "42 s", "2 min 40 s", "1 h 5 min". */
public final class PlainDuration {

    private PlainDuration() {
    }

    public static String of(long millis) {
        if (millis < 100) {
            return Math.max(0, millis) + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            long s = seconds % 60;
            return seconds / 60 + " min" + (s == 0 ? "" : " " + s + " s");
        }
        long minutes = (seconds % 3600) / 60;
        return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }
}
