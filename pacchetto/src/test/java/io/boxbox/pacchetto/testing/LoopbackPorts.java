package io.boxbox.pacchetto.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers a test starts later. They are drawn below Linux's ephemeral
 * range (32768–60999): a port from {@code new ServerSocket(0)} comes from that range, and in the
 * seconds before the server binds it, one of the many outgoing connections of a starting mesh
 * (NATS, MQTT) may be given the very same port.
 */
public final class LoopbackPorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_768;

    private LoopbackPorts() {
    }

    public static int free() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL);
    }
}
