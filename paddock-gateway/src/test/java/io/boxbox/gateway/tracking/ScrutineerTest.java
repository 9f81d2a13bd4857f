package io.boxbox.gateway.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.sim.SimSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ScrutineerTest {

    private static final String KIMI = "boxbox/drivers/kimi/location";
    private static final String ORDER = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    private static final Instant NOW = Instant.parse("2026-09-07T13:00:00Z");

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    /** At time scale 0.01 one wall-clock second is 100 simulated seconds: 2.5 km at 90 km/h. */
    private final Scrutineer scrutineer = new Scrutineer(json, new TrackingSettings(90, Duration.ofSeconds(10), 1, 1),
            new SimSettings(0.01, 42), new PaddockMap());

    @Test
    void aPlausibleFixFromTheTopicsDevicePasses() {
        LocationFix fix = fix("kimi", ORDER, 45.6205, 9.2822, 18, NOW);
        Verdict verdict = inspect(KIMI, fix, NOW);
        assertEquals(new Verdict.Passed(fix), verdict);
    }

    @Test
    void payloadsThatAreNotFixesAreMalformed() {
        assertDropped(DropReason.MALFORMED, scrutineer.inspect(KIMI, bytes("lat=45.6"), NOW));
        assertDropped(DropReason.MALFORMED, scrutineer.inspect(KIMI, bytes("""
                {"driver_id":"kimi","order_id":"%s","lat":45.62,"heading":0,"speed_kmh":18,"ts":"%s"}""".formatted(ORDER, NOW)), NOW));
        assertDropped(DropReason.MALFORMED, scrutineer.inspect(KIMI, bytes("""
                {"driver_id":"kimi","order_id":"%s","lat":"north","lon":9.28,"heading":0,"speed_kmh":18,"ts":"%s"}""".formatted(ORDER, NOW)), NOW));
        assertDropped(DropReason.MALFORMED, inspect(KIMI, fix("kimi", "../../orders", 45.62, 9.28, 18, NOW), NOW));
        assertDropped(DropReason.MALFORMED, inspect(KIMI, fix("kimi", ORDER, 145.62, 9.28, 18, NOW), NOW));
    }

    @Test
    void aFixClaimingAnotherDriverOnItsOwnTopicIsMalformed() {
        // the broker vouches for the topic's driver, not for what the payload says
        assertDropped(DropReason.MALFORMED, inspect("boxbox/drivers/nico/location", fix("kimi", ORDER, 45.62, 9.28, 18, NOW), NOW));
    }

    @Test
    void oldFutureAndRepeatedFixesAreStale() {
        assertDropped(DropReason.STALE, inspect(KIMI, fix("kimi", ORDER, 45.6205, 9.2822, 18, NOW.minusSeconds(11)), NOW));
        assertDropped(DropReason.STALE, inspect(KIMI, fix("kimi", ORDER, 45.6205, 9.2822, 18, NOW.plusSeconds(11)), NOW));
        assertInstanceOf(Verdict.Passed.class, inspect(KIMI, fix("kimi", ORDER, 45.6205, 9.2822, 18, NOW), NOW));
        assertDropped(DropReason.STALE, inspect(KIMI, fix("kimi", ORDER, 45.6206, 9.2822, 18, NOW), NOW));
    }

    @Test
    void aFixOutsideTheServedAreaIsDropped() {
        // Milan's Duomo, 15 km away
        assertDropped(DropReason.OUTSIDE_AREA, inspect(KIMI, fix("kimi", ORDER, 45.4642, 9.1900, 18, NOW), NOW));
    }

    @Test
    void aJumpNobodyCouldRideIsImpossibleButTheSameDistanceInTimeIsNot() {
        assertInstanceOf(Verdict.Passed.class, inspect(KIMI, fix("kimi", ORDER, 45.6205, 9.2822, 18, NOW), NOW));
        // Villa Reale is 3.2 km away: 100 ms of wall clock is 10 simulated seconds, 250 m at 90 km/h
        Instant soon = NOW.plusMillis(100);
        assertDropped(DropReason.IMPOSSIBLE_JUMP, inspect(KIMI, fix("kimi", ORDER, 45.5922, 9.2750, 18, soon), soon));
        // two wall-clock seconds are 200 simulated seconds: 5 km at 90 km/h
        Instant later = NOW.plusSeconds(2);
        assertInstanceOf(Verdict.Passed.class, inspect(KIMI, fix("kimi", ORDER, 45.5922, 9.2750, 18, later), later));
    }

    @Test
    void aReportedSpeedNobodyRidesIsImpossible() {
        assertDropped(DropReason.IMPOSSIBLE_JUMP, inspect(KIMI, fix("kimi", ORDER, 45.6205, 9.2822, 300, NOW), NOW));
    }

    @Test
    void aNewRideStartsAfreshWhereverTheLastOneEnded() {
        assertInstanceOf(Verdict.Passed.class, inspect(KIMI, fix("kimi", ORDER, 45.5922, 9.2750, 18, NOW), NOW));
        Instant soon = NOW.plusMillis(100);
        String nextOrder = "7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
        assertInstanceOf(Verdict.Passed.class, inspect(KIMI, fix("kimi", nextOrder, 45.6205, 9.2822, 18, soon), soon));
    }

    private Verdict inspect(String topic, LocationFix fix, Instant receivedAt) {
        try {
            return scrutineer.inspect(topic, json.writeValueAsBytes(fix), receivedAt);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocationFix fix(String driver, String order, double lat, double lon, double speed, Instant ts) {
        return new LocationFix(driver, order, lat, lon, 45.0, speed, ts);
    }

    private static void assertDropped(DropReason reason, Verdict verdict) {
        Verdict.Refused refused = assertInstanceOf(Verdict.Refused.class, verdict);
        assertEquals(reason, refused.reason(), refused.detail());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
