package io.boxbox.gateway.order;

import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

/** A gateway test context wired to its own private nats-server, started before the application. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayOnPrivateNats implements TestPropertyProvider {

    protected PrivateNats nats;

    /** Further properties of this test's gateway. */
    protected Map<String, String> moreProperties() {
        return Map.of();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            nats = new PrivateNats();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> properties = new HashMap<>(moreProperties());
        properties.put("boxbox.nats.url", nats.url());
        properties.putIfAbsent("boxbox.order-token-secret", GatewayTestSupport.ORDER_TOKEN_SECRET);
        // these tests are about orders; the GPS relay (MQTT) has tests of its own
        properties.putIfAbsent("boxbox.mqtt.enabled", "false");
        return properties;
    }

    @AfterAll
    public void stopBroker() throws Exception {
        nats.close();
    }
}
