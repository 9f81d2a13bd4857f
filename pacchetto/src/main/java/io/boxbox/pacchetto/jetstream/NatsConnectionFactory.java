package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.sim.SimClock;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * One NATS connection per process. It reconnects forever: a broker restart is an outage to ride
 * out, not a reason to crash. Streams, consumer and buckets are brought to their configured shape on first use.
 */
@Factory
public class NatsConnectionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnectionFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    Connection natsConnection(NatsSettings settings, @Value("${micronaut.application.name:boxbox}") String app)
            throws IOException, InterruptedException {
        Options options = Options.builder()
                .servers(settings.servers())
                .connectionName(app)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                // Nothing is buffered while disconnected: a publish either reaches the broker now or
                // fails now. Otherwise an order refused with 503 could still be sent after a reconnect.
                .reconnectBufferSize(0)
                .connectionTimeout(settings.requestTimeout())
                .connectionListener((conn, event) -> logConnectionEvent(settings, conn, event))
                .errorListener(new NatsRefusals(settings.user()))
                .build();
        return Nats.connectReconnectOnConnect(settings.authenticated()
                ? new Options.Builder(options).userInfo(settings.user(), settings.password())
                        .inboxPrefix(NatsSettings.inboxPrefixOf(settings.user())).build()
                : options);
    }

    @Singleton
    JetStream jetStream(Connection connection, NatsSettings settings) throws IOException {
        return connection.jetStream(JetStreamOptions.builder().requestTimeout(settings.requestTimeout()).build());
    }

    /** Reads an order's journal through the stream leader (OrderEventLog), with the same request timeout. */
    @Singleton
    JetStreamManagement jetStreamManagement(Connection connection, NatsSettings settings) throws IOException {
        return connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(settings.requestTimeout()).build());
    }

    @Singleton
    JetStreamTopology topology(Connection connection, NatsSettings settings) throws IOException, JetStreamApiException {
        JetStreamTopology topology = new JetStreamTopology(connection, settings.eventRetention(), settings.ackWait(),
                settings.maxDeliveries(), settings.idempotencyTtl(), settings.replicas());
        if (settings.shapeTopology()) {
            topology.ensure();
        } else {
            LOG.info("not shaping the NATS topology (boxbox.nats.shape-topology=false): the maestro or the gateway does");
        }
        return topology;
    }

    /** Opens the topology's buckets once they exist (after {@code topology}, which may have created them). */
    @Singleton
    Buckets buckets(Connection connection, JetStreamTopology topology, NatsSettings settings, SimClock clock) {
        return new Buckets(connection, settings.shapeTopology(), clock);
    }

    @Singleton
    @DeliveriesBucket
    KeyValue deliveriesBucket(Buckets buckets) throws IOException {
        return buckets.open(Topology.DELIVERIES_BUCKET);
    }

    @Singleton
    @StaffBucket
    KeyValue staffBucket(Buckets buckets) throws IOException {
        return buckets.open(Topology.STAFF_BUCKET);
    }

    @Singleton
    @KitchensBucket
    KeyValue kitchensBucket(Buckets buckets) throws IOException {
        return buckets.open(Topology.KITCHENS_BUCKET);
    }

    private static void logConnectionEvent(NatsSettings settings, Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> LOG.warn("lost NATS at {}; reconnecting", settings.url());
            // with a cluster's list, which node it is now
            case RECONNECTED, CONNECTED -> LOG.info("NATS connected at {}", conn.getConnectedUrl());
            default -> LOG.debug("NATS connection event {}", event);
        }
    }
}
