package io.boxbox.maestro.kitchen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forms a kitchen address may take, and the start-up refusal of one that is none of them. */
class ReplicasTest {

    @Test
    void oneAddressIsOnePlainChannelAndAListOrATargetIsBalanced() throws Exception {
        try (Replicas one = Replicas.to("panettiere", "127.0.0.1:8888");
             Replicas list = Replicas.to("panettiere", "127.0.0.1:8888, 127.0.0.1:8988");
             Replicas named = Replicas.to("panettiere", "static:///127.0.0.1:8888,127.0.0.1:8988");
             Replicas dns = Replicas.to("panettiere", "dns:///localhost:8888")) {
            assertFalse(one.balanced());
            assertTrue(list.balanced());
            assertEquals("static:///127.0.0.1:8888,127.0.0.1:8988", list.target());
            assertTrue(named.balanced());
            assertTrue(dns.balanced());
        }
    }

    @Test
    void anAddressWithoutAPortStopsTheStartNamingTheSetting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Replicas.to("chef", "127.0.0.1:8889,chef-sim-2"));
        assertEquals("grpc.channels.chef.address (GRPC_CHANNELS_CHEF_ADDRESS): 'chef-sim-2' is not host:port",
                refused.getMessage());
    }
}
