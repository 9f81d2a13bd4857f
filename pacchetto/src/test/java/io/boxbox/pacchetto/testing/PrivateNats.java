package io.boxbox.pacchetto.testing;

import io.nats.NatsServerRunner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server -js} of the test's own: a random loopback port and a temporary store,
 * never the machine's shared broker. It can be stopped and started again on the same port and
 * store, as an outage would. {@link #secured()} runs it with the project's users and permissions
 * (deploy/nats/users.conf) and fresh passwords ({@link NatsUsers}): no anonymous access, each
 * service only its subjects.
 */
public final class PrivateNats implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(15);

    private final int port;
    private final Path store;
    private final NatsUsers users;
    private final Path configDir;
    private NatsServerRunner server;
    private Process securedServer;

    public PrivateNats() throws Exception {
        this(null);
    }

    private PrivateNats(NatsUsers users) throws Exception {
        this.port = freePort();
        this.store = Files.createTempDirectory("boxbox-nats");
        this.users = users;
        this.configDir = users == null ? null : writeSecuredConfig();
        start();
    }

    /** A server that knows only the users of deploy/nats/users.conf, each with a password generated now. */
    public static PrivateNats secured() throws Exception {
        return new PrivateNats(new NatsUsers());
    }

    /** The server's address without credentials (what a service gets with its own user and password). */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The address with {@code user}'s credentials in it ({@link NatsUsers#OPERATOR} for tests inspecting a run). */
    public String url(String user) {
        return users().url(url(), user);
    }

    /** The secured server's users and passwords. */
    public NatsUsers users() {
        if (users == null) {
            throw new IllegalStateException("this nats-server runs without users: use PrivateNats.secured()");
        }
        return users;
    }

    /** The secured server's own log (permission violations are logged there too). */
    public Path serverLog() {
        users();
        return configDir.resolve("nats-server.log");
    }

    public void start() throws Exception {
        if (users != null) {
            startSecured();
            return;
        }
        server = NatsServerRunner.builder()
                .port(port)
                .jetstream(true)
                .customArgs(new String[] {"-a", "127.0.0.1", "-sd", store.toString()})
                .build();
    }

    public void stop() throws Exception {
        if (users != null) {
            securedServer.destroy();
            if (!securedServer.waitFor(10, TimeUnit.SECONDS)) {
                securedServer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return;
        }
        server.close();
    }

    private Path writeSecuredConfig() throws IOException {
        Path dir = Files.createTempDirectory("boxbox-nats-conf");
        Files.writeString(dir.resolve("nats-server.conf"), NatsUsers.includeIn(dir) + "\n");
        return dir;
    }

    /**
     * jnats-server-runner cannot give the server an environment, and users.conf reads its passwords
     * from there: so the secured server is a process of our own, started with the same flags.
     */
    private void startSecured() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(natsServer(), "-c", configDir.resolve("nats-server.conf").toString(),
                "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", store.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(configDir.resolve("nats-server.log").toFile()));
        builder.environment().putAll(users.serverEnvironment());
        securedServer = builder.start();
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (!answers()) {
            if (!securedServer.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("secured nats-server on port " + port + " did not start:\n"
                        + Files.readString(configDir.resolve("nats-server.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Whether the server sends its INFO line (before any login, so no credentials needed). */
    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            return new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII).equals("INFO");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The nats-server binary: {@code nats_server_path}, else the first on PATH, else Debian's. */
    static String natsServer() {
        String configured = System.getenv("nats_server_path");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "nats-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/sbin/nats-server";
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
        delete(store);
        if (configDir != null) {
            delete(configDir);
        }
    }

    static void delete(Path tree) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(tree)) {
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
