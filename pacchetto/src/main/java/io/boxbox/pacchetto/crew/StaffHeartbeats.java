package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes people's entries to KV {@code staff}, skipping an entry that says what the last one
 * written for that person said (state, since, until, order) unless that one is {@code refresh}
 * old: the staff board learns every change at the next look, and an unchanged person costs one
 * write per {@code refresh} instead of one per look. {@code refresh} stays well under the
 * gateway's {@code boxbox.staff.stale-after} (5 s), after which a silent person shows OFFLINE.
 * An entry whose write failed is written again at the next look. Used by one thread at a time
 * (a reporter's ticker).
 */
public final class StaffHeartbeats {

    private record Written(StaffEntry entry, Instant at) {
    }

    private final ObjectMapper json;
    private final Duration refresh;
    private final Map<String, Written> written = new HashMap<>();

    public StaffHeartbeats(ObjectMapper json, Duration refresh) {
        this.json = json;
        this.refresh = refresh;
    }

    /** Writes those of {@code entries} that changed or are due a refresh; every entry when {@code all}. */
    public void write(KeyValue bucket, List<StaffEntry> entries, boolean all) throws IOException, JetStreamApiException {
        for (StaffEntry entry : entries) {
            Written last = written.get(entry.key());
            if (!all && last != null && sameNews(last.entry(), entry)
                    && last.at().plus(refresh).isAfter(entry.heartbeatAt())) {
                continue;
            }
            written.remove(entry.key());
            bucket.put(entry.key(), json.writeValueAsBytes(entry));
            written.put(entry.key(), new Written(entry, entry.heartbeatAt()));
        }
    }

    /** The same person in the same state since the same moment: only the heartbeat time differs. */
    static boolean sameNews(StaffEntry a, StaffEntry b) {
        return a.state().equals(b.state()) && Objects.equals(a.since(), b.since()) && Objects.equals(a.until(), b.until())
                && Objects.equals(a.orderId(), b.orderId()) && Objects.equals(a.overrun(), b.overrun());
    }

}
