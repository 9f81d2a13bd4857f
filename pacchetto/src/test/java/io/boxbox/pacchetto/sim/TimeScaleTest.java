package io.boxbox.pacchetto.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeScaleTest {

    @Test
    void realTimeKeepsDurations() {
        assertEquals(Duration.ofSeconds(5), new TimeScale(1.0).wallClock(Duration.ofSeconds(5)));
    }

    @Test
    void aHundredTimesFasterDividesByAHundred() {
        assertEquals(Duration.ofMillis(50), new TimeScale(0.01).wallClock(Duration.ofSeconds(5)));
    }

    @Test
    void scaleZeroMeansNoWaitingAtAll() {
        assertEquals(Duration.ZERO, new TimeScale(0).wallClock(Duration.ofHours(8)));
    }

    @Test
    void aNegativeOrNonNumericScaleIsRejectedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(-0.5));
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(Double.POSITIVE_INFINITY));
    }
}
