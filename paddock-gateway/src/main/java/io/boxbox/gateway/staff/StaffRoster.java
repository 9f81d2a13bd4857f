package io.boxbox.gateway.staff;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.pacchetto.crew.StaffEntry;
import io.boxbox.pacchetto.jetstream.StaffBucket;
import io.micronaut.context.annotation.Value;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everyone who works in the kitchen, from their heartbeats in KV {@code staff}. A person whose
 * service stopped sending heartbeats (crashed, killed) is shown OFFLINE since their last one.
 */
@Singleton
public class StaffRoster {

    private final KeyValue staff;
    private final ObjectMapper json;
    private final Duration staleAfter;
    private final Clock clock = Clock.systemUTC();

    public StaffRoster(@StaffBucket KeyValue staff, ObjectMapper json,
                       @Value("${boxbox.staff.stale-after:5s}") Duration staleAfter) {
        this.staff = staff;
        this.json = json;
        this.staleAfter = staleAfter;
    }

    public List<StaffEntry> everyone() {
        try {
            Instant now = clock.instant();
            List<StaffEntry> people = new ArrayList<>();
            for (String key : staff.keys()) {
                KeyValueEntry entry = staff.get(key);
                if (entry == null || entry.getValue() == null) {
                    continue;
                }
                StaffEntry person = json.readValue(entry.getValue(), StaffEntry.class);
                boolean stale = person.heartbeatAt() == null || person.heartbeatAt().plus(staleAfter).isBefore(now);
                people.add(stale && !"OFFLINE".equals(person.state()) ? person.offline(person.heartbeatAt()) : person);
            }
            people.sort(Comparator.comparing(StaffEntry::service).thenComparing(StaffEntry::instance)
                    .thenComparing(StaffEntry::name));
            return people;
        } catch (IOException | InterruptedException | io.nats.client.JetStreamApiException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokerUnavailableException("the staff list is unavailable while the broker is unreachable; try again", e);
        }
    }
}
