package io.boxbox.maestro.kitchen;

import io.boxbox.maestro.pass.OrderPass;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The maestro's kitchen calls as Micronaut wires them: on a private nats-server, time scale 0. */
class KitchenWiringTest {

    @Test
    void theKitchenCallAndItsCancelWatchAreWired() throws Exception {
        try (PrivateNats nats = new PrivateNats();
             ApplicationContext maestro = ApplicationContext.builder().properties(MaestroTestProperties.on(nats)).start()) {
            assertNotNull(maestro.getBean(KitchenCall.class));
            assertNotNull(maestro.getBean(CancelWatch.class));
            assertNotNull(maestro.getBean(OrderPass.class));
        }
    }
}
