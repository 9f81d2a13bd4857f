package io.boxbox.pacchetto.testing;

import io.nats.NatsServerRunner;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code nats-server -js} of the test's own: a random loopback port and a temporary store,
 * never the machine's shared broker. It can be stopped and started again on the same port and
 * store, as an outage would.
 */
public final class PrivateNats implements AutoCloseable {

    private final int port;
    private final Path store;
    private NatsServerRunner server;

    public PrivateNats() throws Exception {
        this.port = freePort();
        this.store = Files.createTempDirectory("boxbox-nats");
        start();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public void start() throws Exception {
        server = NatsServerRunner.builder()
                .port(port)
                .jetstream(true)
                .customArgs(new String[] {"-a", "127.0.0.1", "-sd", store.toString()})
                .build();
    }

    public void stop() throws Exception {
        server.close();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
