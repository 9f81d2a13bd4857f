package io.boxbox.pacchetto.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.Replica;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real 3-node JetStream cluster of the test's own: three {@code nats-server} processes clustered
 * over loopback (server names {@code node-1..3}, one cluster name, routes to each other), each on
 * random client, cluster and monitoring ports with a temporary store. A node can be killed with
 * SIGKILL, as a crashed machine would go, and started again on the same ports and store.
 */
public final class PrivateNatsCluster implements AutoCloseable {

    public static final int NODES = 3;
    private static final String CLUSTER = "boxbox-test";

    private final Path home;
    private final int[] clientPorts = new int[NODES];
    private final int[] routePorts = new int[NODES];
    private final int[] monitorPorts = new int[NODES];
    private final Process[] processes = new Process[NODES];

    public PrivateNatsCluster() throws Exception {
        home = Files.createTempDirectory("boxbox-nats-cluster");
        for (int i = 0; i < NODES; i++) {
            clientPorts[i] = freePort();
            routePorts[i] = freePort();
            monitorPorts[i] = freePort();
        }
        try {
            for (int i = 0; i < NODES; i++) {
                writeConfig(i);
                start(i);
            }
            awaitJetStream(Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            // a cluster that never came up must not outlive the test
            close();
            throw e;
        }
    }

    /** Every node's client URL, comma-separated, as {@code BOXBOX_NATS_URL} takes them. */
    public String urls() {
        return IntStream.range(0, NODES).mapToObj(this::url).collect(Collectors.joining(","));
    }

    public String url(int node) {
        return "nats://127.0.0.1:" + clientPorts[node];
    }

    public String serverName(int node) {
        return "node-" + (node + 1);
    }

    /** A client of the whole cluster that reconnects to whichever node lives. */
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(Options.builder().servers(urls().split(",")).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).build());
    }

    /** The operating system's process id of a node (the bench measures each node's CPU). */
    public long pid(int node) {
        return processes[node].pid();
    }

    /** Kills the node with SIGKILL: no goodbye to its peers, nothing flushed. */
    public void kill(int node) throws InterruptedException {
        processes[node].destroyForcibly();
        processes[node].waitFor();
    }

    /** Starts a killed node again on its ports and store. */
    public void restart(int node) throws IOException {
        start(node);
    }

    /** The node leading {@code stream} now, by the cluster's own answer. */
    public int leaderOf(JetStreamManagement jsm, String stream) throws IOException, JetStreamApiException {
        String leader = jsm.getStreamInfo(stream).getClusterInfo().getLeader();
        for (int i = 0; i < NODES; i++) {
            if (serverName(i).equals(leader)) {
                return i;
            }
        }
        throw new IllegalStateException("stream " + stream + " is led by an unknown server " + leader);
    }

    /**
     * Waits until {@code stream} has a leader and every other replica reports itself current with
     * no lag: a restarted node has caught up. Returns the replicas as last seen, for the message.
     */
    public void awaitCaughtUp(JetStreamManagement jsm, String stream, Duration patience) throws Exception {
        awaitCaughtUp(jsm, stream, NODES, patience);
    }

    /** The same for any cluster whose streams keep {@code copies} replicas (the HA test's, run by {@code ./boxbox up --ha}). */
    public static void awaitCaughtUp(JetStreamManagement jsm, String stream, int copies, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        String seen = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                StreamInfo info = jsm.getStreamInfo(stream);
                List<Replica> replicas = info.getClusterInfo().getReplicas();
                replicas = replicas == null ? List.of() : replicas;
                seen = info.getClusterInfo().getLeader() + " leads; replicas " + replicas.stream()
                        .map(r -> r.getName() + (r.isCurrent() ? " current" : " behind") + " lag " + r.getLag())
                        .toList();
                if (info.getClusterInfo().getLeader() != null && replicas.size() == copies - 1
                        && replicas.stream().allMatch(r -> r.isCurrent() && r.getLag() == 0 && !r.isOffline())) {
                    return;
                }
            } catch (IOException | JetStreamApiException | IllegalStateException notYet) {
                seen = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stream " + stream + " did not catch up within " + patience + ": " + seen);
    }

    private void writeConfig(int node) throws IOException {
        String routes = IntStream.range(0, NODES).filter(i -> i != node)
                .mapToObj(i -> "\"nats-route://127.0.0.1:" + routePorts[i] + "\"")
                .collect(Collectors.joining(", "));
        Path store = home.resolve(serverName(node));
        Files.createDirectories(store);
        Files.writeString(config(node), String.join("\n",
                "server_name: " + serverName(node),
                "listen: 127.0.0.1:" + clientPorts[node],
                "http: 127.0.0.1:" + monitorPorts[node],
                "jetstream { store_dir: \"" + store + "\" }",
                "cluster {",
                "  name: " + CLUSTER,
                "  listen: 127.0.0.1:" + routePorts[node],
                "  routes: [" + routes + "]",
                "}",
                ""));
    }

    private Path config(int node) {
        return home.resolve(serverName(node) + ".conf");
    }

    private void start(int node) throws IOException {
        processes[node] = new ProcessBuilder(PrivateNats.natsServer(), "-c", config(node).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(serverName(node) + ".log").toFile()))
                .start();
    }

    /** JetStream answers once the nodes have elected a meta leader. */
    private void awaitJetStream(Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        Exception last = null;
        // The processes have just been started: a node may not listen yet, so connecting is retried too.
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = connect()) {
                connection.jetStreamManagement().getAccountStatistics();
                return;
            } catch (IOException | JetStreamApiException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the cluster's JetStream did not answer within " + patience, last);
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        PrivateNats.delete(home);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
