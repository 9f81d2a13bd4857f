package io.boxbox.gateway.kitchens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.pacchetto.jetstream.KitchenSign;
import io.boxbox.pacchetto.jetstream.KitchensBucket;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.context.annotation.Value;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueEntry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which order types someone is making, for {@code GET /v1/kitchens}: per type, the maestri whose
 * kitchen sign (KV {@code kitchens}, a heartbeat every second) lists it, and from the type's
 * consumer how many orders wait for a maestro and how many are being made. A type with no maestro
 * is not lost, it waits: its orders stay {@code RECEIVED} on the consumer and are made as soon as
 * a maestro for it starts. A sign older than {@code boxbox.staff.stale-after} is a maestro that
 * died without taking it down.
 */
@Singleton
public class KitchenBoard {

    private final JetStreamManagement jsm;
    private final KeyValue signs;
    private final ObjectMapper json;
    private final Duration staleAfter;
    private final Clock clock;

    public KitchenBoard(JetStreamManagement jsm, @KitchensBucket KeyValue signs, ObjectMapper json,
                        @Value("${boxbox.staff.stale-after:5s}") Duration staleAfter) {
        this(jsm, signs, json, staleAfter, Clock.systemUTC());
    }

    KitchenBoard(JetStreamManagement jsm, KeyValue signs, ObjectMapper json, Duration staleAfter, Clock clock) {
        this.jsm = jsm;
        this.signs = signs;
        this.json = json;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** One row per order type, in the menu's order. */
    public List<Kitchen> kitchens() {
        try {
            List<KitchenSign> open = openSigns();
            List<Kitchen> kitchens = new ArrayList<>();
            for (OrderType type : OrderType.values()) {
                List<String> maestri = open.stream().filter(s -> s.orderTypes().contains(type))
                        .map(KitchenSign::instance).sorted().toList();
                ConsumerInfo consumer = jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type));
                kitchens.add(new Kitchen(type, consumer.getName(), !maestri.isEmpty(), maestri,
                        consumer.getNumPending(), consumer.getNumAckPending()));
            }
            return kitchens;
        } catch (IOException | InterruptedException | JetStreamApiException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokerUnavailableException("the kitchens cannot be listed while the broker is unreachable; try again", e);
        }
    }

    private List<KitchenSign> openSigns() throws IOException, InterruptedException, JetStreamApiException {
        Instant now = clock.instant();
        List<KitchenSign> open = new ArrayList<>();
        for (String key : signs.keys()) {
            KeyValueEntry entry = signs.get(key);
            if (entry == null || entry.getValue() == null) {
                continue;
            }
            KitchenSign sign = json.readValue(entry.getValue(), KitchenSign.class);
            if (sign.isFresh(now, staleAfter)) {
                open.add(sign);
            }
        }
        return open;
    }

    /**
     * One order type's kitchen: {@code served} when at least one maestro makes it right now;
     * {@code waiting} orders not yet taken by any maestro (they are {@code RECEIVED}),
     * {@code being_made} taken and not finished.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Kitchen(OrderType orderType, String consumer, boolean served, List<String> maestri, long waiting,
                          long beingMade) {
    }
}
