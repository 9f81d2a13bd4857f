package io.boxbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.testing.PrivateMosquitto;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * N simulated GPS devices, each its own Paho MQTT v5 client logged in with its own credentials, as
 * driver-sim's are. Each publishes one fix a second, the fleet spread evenly over the second (Paho
 * queues unpaced publishes until it runs out of message ids). Every device rides away from the
 * pizzeria at 18 km/h on its own bearing, so the gateway's scrutineer sees plausible rides.
 */
final class DeviceFleet implements AutoCloseable {

    private static final double PIZZERIA_LAT = 45.6205;
    private static final double PIZZERIA_LON = 9.2822;
    private static final double SPEED_KMH = 18;
    private static final double GOLDEN_ANGLE = 137.50776405;

    private final List<MqttLink> links = new ArrayList<>();
    private final List<String> ids;
    private final ObjectMapper json;
    private final ScheduledExecutorService pahoThreads;
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
    private final List<ScheduledFuture<?>> ticking = new ArrayList<>();
    private final LongAdder sentInWindow = new LongAdder();
    private final LongAdder unsent = new LongAdder();
    private volatile Instant windowStart = Instant.MAX;
    private volatile Instant windowEnd = Instant.MAX;
    private Instant started;

    /**
     * @param virtualThreads run every client's Paho tasks on virtual threads instead of its own four
     *                       platform threads (sender, receiver, callback, ping timer)
     */
    DeviceFleet(PrivateMosquitto broker, List<String> ids, ObjectMapper json, boolean virtualThreads) {
        this.ids = ids;
        this.json = json;
        // Paho runs its sender, receiver and callback loops as long tasks on this executor, so it
        // needs a worker for each of them: a pool as large as the fleet's loops, of virtual threads.
        this.pahoThreads = virtualThreads
                ? Executors.newScheduledThreadPool(4 * ids.size() + 16, Thread.ofVirtual().name("paho-", 0).factory())
                : null;
        for (String id : ids) {
            links.add(MqttLink.open(broker.settings(), "bench-" + id, GpsTopics.username(id), broker.devicePassword(id),
                    pahoThreads, null, null));
        }
    }

    /** Waits until every device is connected; returns how many are. */
    int awaitConnected(Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            int connected = (int) links.stream().filter(MqttLink::isConnected).count();
            if (connected == links.size()) {
                return connected;
            }
            Thread.sleep(100);
        }
        return (int) links.stream().filter(MqttLink::isConnected).count();
    }

    /** Starts the fixes; fixes taken between {@code from} and {@code to} are counted as sent in the window. */
    void ride(List<String> orderIds, Instant from, Instant to) {
        started = Instant.now();
        windowStart = from;
        windowEnd = to;
        long spacingNanos = TimeUnit.SECONDS.toNanos(1) / ids.size();
        for (int i = 0; i < ids.size(); i++) {
            int device = i;
            ticking.add(pacer.scheduleAtFixedRate(() -> publish(device, orderIds.get(device)),
                    device * spacingNanos, TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS));
        }
    }

    private void publish(int device, String orderId) {
        Instant now = Instant.now();
        double km = SPEED_KMH * Duration.between(started, now).toNanos() / 3.6e12;
        double bearing = Math.toRadians((device * GOLDEN_ANGLE) % 360);
        double lat = PIZZERIA_LAT + km / 111.32 * Math.cos(bearing);
        double lon = PIZZERIA_LON + km / (111.32 * Math.cos(Math.toRadians(PIZZERIA_LAT))) * Math.sin(bearing);
        String id = ids.get(device);
        try {
            byte[] payload = json.writeValueAsBytes(new LocationFix(id, orderId, lat, lon,
                    Math.toDegrees(bearing), SPEED_KMH, now));
            boolean sent = links.get(device).publish(GpsTopics.location(id), payload,
                    new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
            if (!sent) {
                unsent.increment();
            } else if (!now.isBefore(windowStart) && now.isBefore(windowEnd)) {
                sentInWindow.increment();
            }
        } catch (Exception e) {
            unsent.increment();
        }
    }

    long sentInWindow() {
        return sentInWindow.sum();
    }

    long unsent() {
        return unsent.sum();
    }

    void stopRiding() {
        ticking.forEach(t -> t.cancel(false));
    }

    @Override
    public void close() {
        stopRiding();
        pacer.shutdownNow();
        links.parallelStream().forEach(MqttLink::close);
        if (pahoThreads != null) {
            pahoThreads.shutdownNow();
        }
    }
}
