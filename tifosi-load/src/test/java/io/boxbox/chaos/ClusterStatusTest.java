package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterStatusTest {

    private static final String TEXT = """
            PART             PID      STATE      ENDPOINT
            panettiere       4866     healthy    grpc 127.0.0.1:28638  (calls served 263)
            panettiere-2     -        dead       grpc 127.0.0.1:28738  (see /tmp/x/logs/panettiere-2.log)
            maestro          5097     unhealthy  grpc 127.0.0.1:28637  (DOWN (DEADLINE_EXCEEDED))
            nats-1           4655     healthy    nats://127.0.0.1:28646  (meta leader nats-1; leads ORDERS, ORDER_EVENTS; ORDERS seq 105, ORDER_EVENTS seq 1070)
            nats-3           -        dead       nats://127.0.0.1:28648  (see /tmp/x/logs/nats-3-server.log)
            kitchens         delivery: maestro-1,maestro-2 · takeout: maestro-1,maestro-2
            """;

    @Test
    void readsEachPartsStateCallsLeadershipAndSequences() {
        ClusterStatus status = ClusterStatus.parse(TEXT);

        assertEquals("healthy", status.state("panettiere"));
        assertEquals("dead", status.state("panettiere-2"));
        assertEquals("unhealthy", status.state("maestro"));
        assertEquals("absent", status.state("kitchens"), "the kitchens line is not a part");
        assertEquals(OptionalLong.of(263), status.callsServed("panettiere"));
        assertEquals(OptionalLong.empty(), status.callsServed("panettiere-2"));
        assertEquals(List.of("ORDERS", "ORDER_EVENTS"), status.part("nats-1").leads());
        assertEquals(Map.of("ORDERS", 105L, "ORDER_EVENTS", 1070L), status.part("nats-1").sequences());
        assertEquals(Map.of(), status.part("nats-3").sequences());
        assertEquals(List.of(), status.part("nats-3").leads());
    }
}
