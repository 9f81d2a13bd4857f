package io.boxbox.pacchetto.gps;

import io.boxbox.pacchetto.testing.PrivateMosquitto;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped broker rules (mosquitto/mosquitto.conf and mosquitto/acl, rendered as ./boxbox up does). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverTopicAclTest {

    private PrivateMosquitto broker;
    private final BlockingQueue<String> gatewayInbox = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> nicoInbox = new LinkedBlockingQueue<>();
    private final List<MqttLink> links = new ArrayList<>();
    private MqttLink gateway;
    private MqttLink kimi;
    private MqttLink nico;

    @BeforeAll
    void start() throws Exception {
        broker = new PrivateMosquitto();
        gateway = link("paddock-gateway", broker.gatewayPassword(), GpsTopics.ALL_LOCATIONS, gatewayInbox);
        kimi = link("driver-kimi", broker.devicePassword("kimi"), null, null);
        // a device that tries to listen to every driver
        nico = link("driver-nico", broker.devicePassword("nico"), GpsTopics.ALL_LOCATIONS, nicoInbox);
        awaitConnected(gateway, kimi, nico);
    }

    @AfterAll
    void stop() throws Exception {
        links.forEach(MqttLink::close);
        broker.close();
    }

    @Test
    void aDevicePublishingOnAnotherDriversTopicIsRefusedAndNothingArrives() throws Exception {
        IMqttToken forged = nico.publishAcknowledged(GpsTopics.location("kimi"), bytes("forged by nico"));
        forged.waitForCompletion(5_000);
        assertArrayEquals(new int[] {MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED}, forged.getReasonCodes());

        // Nico's own topic still works, and it is the first thing the gateway hears.
        nico.publishAcknowledged(GpsTopics.location("nico"), bytes("nico's own fix")).waitForCompletion(5_000);
        assertEquals("boxbox/drivers/nico/location nico's own fix", gatewayInbox.poll(5, TimeUnit.SECONDS));
        assertNull(gatewayInbox.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void onlyTheGatewayHearsADriversFixes() throws Exception {
        assertTrue(kimi.publish(GpsTopics.location("kimi"), bytes("kimi at the garage"), new MqttProperties()));
        assertEquals("boxbox/drivers/kimi/location kimi at the garage", gatewayInbox.poll(5, TimeUnit.SECONDS));
        // Nico subscribed to every driver, but the ACL gives devices no read access at all.
        assertNull(nicoInbox.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void aWrongPasswordIsRefusedAtConnect() throws Exception {
        MqttAsyncClient impostor = new MqttAsyncClient(broker.url(), "impostor", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("driver-kimi");
        options.setPassword(bytes("guessed"));
        MqttException refused = assertThrows(MqttException.class, () -> impostor.connect(options).waitForCompletion(5_000));
        // mosquitto 2.0 answers "not authorized" (135) where MQTT v5 also allows "bad user name or password" (134)
        assertTrue(refused.getReasonCode() == MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED
                || refused.getReasonCode() == MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD, refused::toString);
        impostor.close(true);
    }

    private MqttLink link(String user, String password, String subscribeTo, BlockingQueue<String> inbox) {
        MqttLink link = MqttLink.open(broker.settings(), user + "-acl-test", user, password, null,
                connected -> {
                    if (subscribeTo != null) {
                        connected.subscribe(subscribeTo);
                    }
                },
                (topic, message) -> inbox.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
        links.add(link);
        return link;
    }

    private static void awaitConnected(MqttLink... links) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        for (MqttLink link : links) {
            while (!link.isConnected()) {
                assertTrue(Instant.now().isBefore(deadline), link.username() + " did not connect");
                Thread.sleep(10);
            }
        }
        // the subscriptions are sent right after CONNACK; give the SUBACKs a moment
        Thread.sleep(100);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
