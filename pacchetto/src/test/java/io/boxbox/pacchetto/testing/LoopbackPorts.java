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

    /**
     * The first of {@code size} consecutive free ports, for what numbers its ports from one base
     * ({@code ./boxbox up} puts node i of the cluster on its NATS port + i - 1, and so on).
     */
    public static int freeBlock(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL - size);
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IOException("no " + size + " consecutive free ports between " + LOWEST + " and " + BELOW_EPHEMERAL);
    }

    private static boolean allFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
