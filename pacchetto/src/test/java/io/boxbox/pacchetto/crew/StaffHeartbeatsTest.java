package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nats.client.KeyValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StaffHeartbeatsTest {

    private static final Instant T0 = Instant.parse("2026-09-06T12:00:00Z");
    private final List<String> puts = new ArrayList<>();
    private final KeyValue bucket = (KeyValue) Proxy.newProxyInstance(KeyValue.class.getClassLoader(),
            new Class<?>[]{KeyValue.class}, (proxy, method, args) -> {
                if (method.getName().equals("put")) {
                    puts.add((String) args[0]);
                    return 1L;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final StaffHeartbeats heartbeats = new StaffHeartbeats(new ObjectMapper().registerModule(new JavaTimeModule()),
            Duration.ofSeconds(2));

    private static StaffEntry gino(String state, Instant since, Instant heartbeat) {
        return new StaffEntry("Gino", "panettiere", "p-1", state, since, null, null, heartbeat);
    }

    @Test
    void anUnchangedPersonIsWrittenOncePerRefreshAndAChangeAtOnce() throws Exception {
        heartbeats.write(bucket, List.of(gino("IDLE", T0, T0)), false);
        heartbeats.write(bucket, List.of(gino("IDLE", T0, T0.plusSeconds(1))), false);
        assertEquals(1, puts.size(), "nothing new after 1 s: not written");
        heartbeats.write(bucket, List.of(gino("IDLE", T0, T0.plusSeconds(2))), false);
        assertEquals(2, puts.size(), "2 s after the last write: refreshed, so the board never sees him stale");
        heartbeats.write(bucket, List.of(gino("WORKING", T0.plusMillis(2500), T0.plusMillis(2500))), false);
        assertEquals(3, puts.size(), "a change is written at once");
        heartbeats.write(bucket, List.of(gino("WORKING", T0.plusMillis(2500), T0.plusMillis(2600))), true);
        assertEquals(4, puts.size(), "asked for all (going offline): written whatever it says");
    }

    @Test
    void aFailedWriteIsTriedAgainAtTheNextLook() throws Exception {
        KeyValue failing = (KeyValue) Proxy.newProxyInstance(KeyValue.class.getClassLoader(), new Class<?>[]{KeyValue.class},
                (proxy, method, args) -> {
                    throw new java.io.IOException("broker away");
                });
        try {
            heartbeats.write(failing, List.of(gino("IDLE", T0, T0)), false);
        } catch (java.io.IOException expected) {
            // the reporter logs it once
        }
        heartbeats.write(bucket, List.of(gino("IDLE", T0, T0.plusSeconds(1))), false);
        assertEquals(1, puts.size(), "the entry the broker never took is written at the next look");
    }
}
