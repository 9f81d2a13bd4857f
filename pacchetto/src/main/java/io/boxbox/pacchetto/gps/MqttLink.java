package io.boxbox.pacchetto.gps;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One MQTT v5 connection (one Eclipse Paho client) that stays up by itself: a driver's GPS device
 * or the gateway's relay. Paho reconnects automatically once a first connection succeeded, but not
 * when the very first attempt fails, so that case is retried here with a capped back-off. A
 * broker without persistence forgets subscriptions when it restarts, so {@code onConnected} runs
 * after every (re)connection and is where a subscriber subscribes.
 */
public final class MqttLink implements MqttCallback, AutoCloseable {

    /** QoS 0: a fix is only worth having while it is fresh; nothing is queued or redelivered. */
    public static final int AT_MOST_ONCE = 0;

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final String username;
    private final Duration maxDelay;
    private final Consumer<MqttLink> onConnected;
    private final BiConsumer<String, MqttMessage> onMessage;
    private volatile boolean closed;

    private MqttLink(MqttAsyncClient client, MqttConnectionOptions options, String username, Duration maxDelay,
                     Consumer<MqttLink> onConnected, BiConsumer<String, MqttMessage> onMessage) {
        this.client = client;
        this.options = options;
        this.username = username;
        this.maxDelay = maxDelay;
        this.onConnected = onConnected;
        this.onMessage = onMessage;
    }

    /**
     * Creates the client and starts connecting in the background; never blocks on the broker.
     *
     * @param threads where Paho runs its sender, receiver, callback and ping tasks; null for its
     *                own platform threads (fine for a handful of links, see the GPS benchmark for thousands)
     * @param onConnected called after each successful (re)connection, on a Paho thread; must not block
     * @param onMessage   called for each message on the link's one callback thread; must not throw
     */
    public static MqttLink open(MqttSettings settings, String clientId, String username, String password,
                                ScheduledExecutorService threads, Consumer<MqttLink> onConnected,
                                BiConsumer<String, MqttMessage> onMessage) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(username);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) settings.reconnectMaxDelay().toMillis());
        // A fresh session each time: the broker keeps none across restarts anyway (persistence false),
        // and onConnected subscribes again.
        options.setCleanStart(true);
        options.setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
        options.setConnectionTimeout(5);
        try {
            MqttAsyncClient client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence(), null, threads);
            MqttLink link = new MqttLink(client, options, username, settings.reconnectMaxDelay(), onConnected, onMessage);
            client.setCallback(link);
            link.connect(FIRST_RETRY);
            return link;
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    public String username() {
        return username;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes at most once; false when the link is down or the client's queue is full (the message is dropped). */
    public boolean publish(String topic, byte[] payload, MqttProperties properties) {
        if (!client.isConnected()) {
            return false;
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(AT_MOST_ONCE);
        message.setProperties(properties);
        try {
            client.publish(topic, message);
            return true;
        } catch (MqttException e) {
            LOG.debug("{} could not publish on {}: {}", username, topic, e.getMessage());
            return false;
        }
    }

    /** Publishes once with acknowledgement and returns the broker's answer; for tests of the broker's rules. */
    public IMqttToken publishAcknowledged(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        return client.publish(topic, message);
    }

    /** Subscribes without blocking (safe inside {@code onConnected}). */
    public void subscribe(String topicFilter) {
        try {
            client.subscribe(new MqttSubscription(topicFilter, AT_MOST_ONCE));
        } catch (MqttException e) {
            LOG.error("{} could not subscribe to {}: {}", username, topicFilter, e.getMessage());
        }
    }

    private void connect(Duration retryIn) {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete reports it
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    retry(retryIn, failure);
                }
            });
        } catch (MqttException e) {
            retry(retryIn, e);
        }
    }

    private void retry(Duration retryIn, Throwable failure) {
        if (closed) {
            return;
        }
        LOG.warn("MQTT {} cannot connect to {} ({}); trying again in {} ms", username, client.getServerURI(),
                failure.getMessage(), retryIn.toMillis());
        Duration next = retryIn.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : retryIn.multipliedBy(2);
        CompletableFuture.delayedExecutor(retryIn.toMillis(), TimeUnit.MILLISECONDS).execute(() -> connect(next));
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        LOG.info("MQTT {} {} to {}", username, reconnect ? "reconnected" : "connected", serverURI);
        if (onConnected != null) {
            onConnected.accept(this);
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        if (!closed) {
            LOG.warn("MQTT {} lost its connection ({}); reconnecting", username,
                    response.getException() != null ? response.getException().getMessage() : response.getReasonString());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (onMessage != null) {
            onMessage.accept(topic, message);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT {}: {}", username, exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // QoS 0: nothing to confirm
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication: user name and password only
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                // Just closes the socket: Paho's disconnect() sleeps 100 ms and waiting for a DISCONNECT
                // to be written takes its full timeout, which adds up over a fleet of devices. Without
                // a will message or QoS 1 state there is nothing the broker needs to be told.
                client.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT {} disconnect: {}", username, e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT {} close: {}", username, e.getMessage());
        }
    }
}
