package io.boxbox.pacchetto.jetstream;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** {@code BOXBOX_NATS_URL} names one server or every node of a cluster. */
class NatsSettingsTest {

    @Test
    void aCommaSeparatedUrlIsEveryNodeOfTheCluster() {
        assertArrayEquals(new String[] {"nats://127.0.0.1:14222", "nats://127.0.0.1:14223", "nats://127.0.0.1:14224"},
                settings("nats://127.0.0.1:14222, nats://127.0.0.1:14223,,nats://127.0.0.1:14224 ").servers());
        assertArrayEquals(new String[] {"nats://127.0.0.1:14222"}, settings("nats://127.0.0.1:14222").servers());
    }

    private static NatsSettings settings(String url) {
        return new NatsSettings(url, Duration.ofSeconds(2), Duration.ofDays(7), Duration.ofSeconds(30), 20,
                Duration.ofHours(24), null, null, true, 3);
    }
}
