package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.crew.CrewSettings;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.jetstream.KitchenSign;
import io.boxbox.pacchetto.jetstream.KitchensBucket;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.nats.client.KeyValue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sign over this maestro's pass: the order types it makes, in KV {@code kitchens} under its
 * instance, written every {@code boxbox.crew.heartbeat-refresh} (it never changes while the maestro runs; the
 * gateway calls a sign older than its {@code stale-after} stale) from the moment the pullers start and taken down on
 * shutdown. The gateway's {@code GET /v1/kitchens} reads the signs to say which types someone is
 * making, so an order of a type nobody makes is seen to wait rather than look lost. A maestro at
 * lunch keeps its sign up: it still makes those orders, just later.
 */
@Singleton
public class PassSign implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PassSign.class);

    private final Provider<KeyValue> kitchens;
    private final ServiceIdentity identity;
    private final ServedOrderTypes served;
    private final ObjectMapper json;
    private final long everyMillis;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pass-sign").daemon().factory());
    private volatile boolean failing;

    public PassSign(@KitchensBucket Provider<KeyValue> kitchens, ServiceIdentity identity, ServedOrderTypes served,
                    ObjectMapper json, CrewSettings settings) {
        this.kitchens = kitchens;
        this.identity = identity;
        this.served = served;
        this.json = json;
        this.everyMillis = settings.heartbeatRefresh().toMillis();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        ticker.scheduleWithFixedDelay(this::putUp, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    private void putUp() {
        KitchenSign sign = new KitchenSign(identity.instance(), served.types(), clock.instant());
        try {
            kitchens.get().put(sign.key(), json.writeValueAsBytes(sign));
            if (failing) {
                LOG.info("kitchen sign written again");
                failing = false;
            }
        } catch (Exception e) {
            // Best effort, like the staff heartbeats: the orders do not depend on it.
            if (!failing) {
                LOG.warn("cannot write the kitchen sign: {}", e.toString());
                failing = true;
            }
        }
    }

    @PreDestroy
    void takeDown() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
            kitchens.get().delete(KitchenSign.key(identity.instance()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cannot take the kitchen sign down (it goes stale): {}", e.toString());
        }
    }
}
