package io.boxbox.gateway.fleet;

import io.boxbox.gateway.stream.StreamSettings;
import io.boxbox.pacchetto.gps.LocationFix;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Every driver's latest position, and every new one fanned out to all listeners of
 * {@code /v1/drivers/sse}. {@code FixRelay} hands over each fix that passed the scrutineer (a real
 * device, its own topic, plausible), whichever order it names and whether anyone here follows that
 * order: the map shows the fleet, not one customer's ride. A new listener first gets each known
 * driver's last position, then live ones, with nothing in between lost or repeated (both happen
 * under one lock). Each listener may fall {@code boxbox.sse.buffer} frames behind; further behind
 * it is dropped (its EventSource reconnects and starts again from the last positions). Positions
 * live in memory only, per replica, since start-up: nothing is written per fix.
 */
@Singleton
public class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final Map<String, DriverPosition> latest = new LinkedHashMap<>();
    private final Set<FluxSink<DriverPosition>> listeners = new CopyOnWriteArraySet<>();
    private final int buffer;

    public Fleet(StreamSettings settings) {
        this.buffer = settings.buffer();
    }

    /** A fix that passed scrutiny; called on the relay's one MQTT thread, must not block. */
    public void heard(LocationFix fix) {
        DriverPosition position = DriverPosition.of(fix);
        synchronized (this) {
            latest.put(position.driver(), position);
            listeners.forEach(listener -> listener.next(position));
        }
    }

    /** Each known driver's last position, then every new one, for as long as the subscriber stays. */
    public Flux<DriverPosition> positions() {
        return Flux.<DriverPosition>create(sink -> {
                    synchronized (this) {
                        latest.values().forEach(sink::next);
                        listeners.add(sink);
                    }
                    sink.onDispose(() -> listeners.remove(sink));
                }, FluxSink.OverflowStrategy.IGNORE)
                .onBackpressureBuffer(buffer,
                        dropped -> LOG.warn("dropping an SSE client of the drivers' positions: more than {} frames behind", buffer),
                        BufferOverflowStrategy.ERROR);
    }

    /** The last position of each driver heard since start-up. */
    public synchronized List<DriverPosition> known() {
        return List.copyOf(latest.values());
    }

    public int listeners() {
        return listeners.size();
    }
}
