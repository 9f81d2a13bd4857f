package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunArgumentsTest {

    @Test
    void readsMinutesTheCommonOptionsAndTheRunsOwn() {
        RunArguments run = RunArguments.parse(new String[] {"1.5", "--seed", "11", "--mix", "paddock", "--no-agent"},
                10, 6, Set.of("--mix"), Set.of("--no-agent"), "usage");

        assertEquals(Duration.ofSeconds(90), run.window());
        assertEquals(11, run.seed());
        assertEquals(6, run.peakUsers(), "the run's default");
        assertEquals("paddock", run.options().get("--mix"));
        assertTrue(run.flags().contains("--no-agent"));
    }

    @Test
    void aWrongArgumentFailsWithTheUsage() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> RunArguments.parse(new String[] {"--mix", "paddock"}, 6, 4, Set.of(), Set.of(), "[minutes] [--seed N]"));
        assertTrue(unknown.getMessage().contains("[minutes] [--seed N]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RunArguments.parse(new String[] {"0"}, 6, 4, Set.of(), Set.of(), "usage"));
        assertThrows(IllegalArgumentException.class,
                () -> RunArguments.parse(new String[] {"--seed"}, 6, 4, Set.of(), Set.of(), "usage"));
    }
}
