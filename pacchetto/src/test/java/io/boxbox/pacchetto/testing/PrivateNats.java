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

    /** The server process's id, found by its store directory on the command line. */
    public long pid() {
        String dir = store.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("nats-server") && c.contains(dir)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no nats-server with store " + dir))
                .pid();
    }

    /** Stops the server for good and removes its store. */
    @Override
    public void close() throws Exception {
        stop();
        try (java.util.stream.Stream<Path> paths = Files.walk(store)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
