package io.boxbox.pacchetto.gps;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GpsTopicsTest {

    @Test
    void aDriverIsKnownByHerLowerCaseNameEverywhere() {
        String id = GpsTopics.deviceId("Kimi");
        assertEquals("kimi", id);
        assertEquals("driver-kimi", GpsTopics.username(id));
        assertEquals("boxbox/drivers/kimi/location", GpsTopics.location(id));
        assertEquals("BOXBOX_MQTT_DEVICE_PASSWORD_KIMI", GpsTopics.passwordVariable(id));
        assertEquals("boxbox.mqtt.device.password.kimi", GpsTopics.passwordProperty(id));
    }

    @Test
    void aNameWithSpacesLosesThemAsBoxboxUpWritesTheAcl() {
        assertEquals("jeaneric", GpsTopics.deviceId(" Jean Eric "));
        assertEquals("BOXBOX_MQTT_DEVICE_PASSWORD_MAX_V", GpsTopics.passwordVariable(GpsTopics.deviceId("Max-V")));
    }

    @Test
    void theDeviceIsReadFromTheLocationTopicOnly() {
        assertEquals(Optional.of("nico"), GpsTopics.deviceOf("boxbox/drivers/nico/location"));
        assertEquals(Optional.empty(), GpsTopics.deviceOf("boxbox/drivers/nico/speed"));
        assertEquals(Optional.empty(), GpsTopics.deviceOf("boxbox/drivers/a/b/location"));
        assertEquals(Optional.empty(), GpsTopics.deviceOf("boxbox/drivers//location"));
    }
}
