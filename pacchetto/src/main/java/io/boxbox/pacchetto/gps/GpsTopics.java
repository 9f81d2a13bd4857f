package io.boxbox.pacchetto.gps;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How drivers, their devices and their MQTT topics are named. A driver called "Kimi" has the
 * device id {@code kimi}, logs in as {@code driver-kimi} and may publish only on
 * {@code boxbox/drivers/kimi/location} (the broker's ACL, rendered by {@code ./boxbox up}, says so).
 */
public final class GpsTopics {

    /** What the gateway subscribes to: every driver's fixes. */
    public static final String ALL_LOCATIONS = "boxbox/drivers/+/location";

    private static final Pattern LOCATION = Pattern.compile("boxbox/drivers/([^/+#]+)/location");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private GpsTopics() {
    }

    /**
     * The device id of a driver: the name in lower case without spaces, exactly as {@code ./boxbox}
     * derives it when it writes the passwords and the ACL ({@code fleet_ids}).
     */
    public static String deviceId(String driverName) {
        return WHITESPACE.matcher(driverName).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** The MQTT user of a driver's device. */
    public static String username(String deviceId) {
        return "driver-" + deviceId;
    }

    public static String location(String deviceId) {
        return "boxbox/drivers/" + deviceId + "/location";
    }

    /** The device id a location topic belongs to, or empty for any other topic. */
    public static Optional<String> deviceOf(String topic) {
        Matcher matcher = LOCATION.matcher(topic);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * The environment variable holding a device's password ({@code BOXBOX_MQTT_DEVICE_PASSWORD_KIMI});
     * Micronaut reads it as the property {@link #passwordProperty}.
     */
    public static String passwordVariable(String deviceId) {
        return "BOXBOX_MQTT_DEVICE_PASSWORD_" + deviceId.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public static String passwordProperty(String deviceId) {
        return "boxbox.mqtt.device.password." + deviceId;
    }
}
