package io.boxbox.pacchetto.testing;

import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.MqttSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mosquitto} of the test's own, configured the way {@code ./boxbox up} configures the
 * project's broker: the repository's {@code mosquitto/mosquitto.conf} template and {@code mosquitto/acl}
 * rendered for a random loopback port and a temporary directory, a password file made with
 * {@code mosquitto_passwd} for {@code paddock-gateway} and one {@code driver-<id>} per device, and
 * one ACL block per device allowing it to publish only its own location topic. Never the machine's
 * shared anonymous broker on 1883, never the project's 11883. It can be stopped and started again on
 * the same port, as a broker restart would.
 */
public final class PrivateMosquitto implements AutoCloseable {

    /** The devices of driver-sim's default fleet (Kimi, Nico, Mika, Jenson). */
    public static final List<String> FLEET = List.of("kimi", "nico", "mika", "jenson");

    private static final Duration LISTENING_WITHIN = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final Path config;
    private final String gatewayPassword = secret();
    private final Map<String, String> devicePasswords = new LinkedHashMap<>();
    private Process broker;

    public PrivateMosquitto() throws Exception {
        this(FLEET);
    }

    public PrivateMosquitto(Collection<String> deviceIds) throws Exception {
        this.port = LoopbackPorts.free();
        this.dir = Files.createTempDirectory("boxbox-mosquitto");
        for (String id : deviceIds) {
            devicePasswords.put(id, secret());
        }
        writePasswords();
        writeAcl();
        this.config = dir.resolve("mosquitto.conf");
        Files.writeString(config, Files.readString(repository().resolve("mosquitto/mosquitto.conf"))
                .replace("@HOST@", "127.0.0.1")
                .replace("@MQTT_PORT@", Integer.toString(port))
                .replace("@STATE_DIR@", dir.toString())
                .replace("@LOG_DIR@", dir.toString())
                .replace("@USER@", System.getProperty("user.name")));
        start();
    }

    /** The broker's operating-system process id (for benchmarks that meter its CPU). */
    public long pid() {
        return broker.pid();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String gatewayPassword() {
        return gatewayPassword;
    }

    public String devicePassword(String deviceId) {
        String password = devicePasswords.get(deviceId);
        if (password == null) {
            throw new IllegalArgumentException("no device " + deviceId + " on this broker");
        }
        return password;
    }

    public Collection<String> devices() {
        return devicePasswords.keySet();
    }

    /** Connection settings for a client of this broker, reconnecting quickly. */
    public MqttSettings settings() {
        return new MqttSettings(true, url(), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    /** The devices' passwords as driver-sim reads them: {@code BOXBOX_MQTT_DEVICE_PASSWORD_<ID>}. */
    public Map<String, String> deviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        devicePasswords.forEach((id, password) -> env.put(GpsTopics.passwordVariable(id), password));
        return env;
    }

    /** The same as Micronaut properties, for in-process tests. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("boxbox.mqtt.url", url());
        properties.put("boxbox.mqtt.reconnect-max-delay", "500ms");
        properties.put("boxbox.mqtt.gateway.password", gatewayPassword);
        devicePasswords.forEach((id, password) -> properties.put(GpsTopics.passwordProperty(id), password));
        return properties;
    }

    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    public synchronized void start() throws Exception {
        broker = new ProcessBuilder(binary("mosquitto").toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
                .start();
        Instant deadline = Instant.now().plus(LISTENING_WITHIN);
        while (!listening()) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + broker.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.out")) + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("mosquitto did not listen on " + url() + " within " + LISTENING_WITHIN);
            }
            Thread.sleep(20);
        }
    }

    public synchronized void stop() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(5, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void writePasswords() throws IOException, InterruptedException {
        // Written in plain text, then hashed in place in one run of mosquitto_passwd (-U): the same
        // file `mosquitto_passwd -b` builds user by user, without a process per device.
        Path passwd = dir.resolve("passwd");
        List<String> lines = new ArrayList<>();
        lines.add("paddock-gateway:" + gatewayPassword);
        devicePasswords.forEach((id, password) -> lines.add(GpsTopics.username(id) + ":" + password));
        Files.write(passwd, lines);
        Process hashing = new ProcessBuilder(binary("mosquitto_passwd").toString(), "-U", passwd.toString())
                .redirectErrorStream(true).start();
        String output = new String(hashing.getInputStream().readAllBytes());
        if (hashing.waitFor() != 0) {
            throw new IllegalStateException("mosquitto_passwd -U failed: " + output);
        }
    }

    private void writeAcl() throws IOException {
        StringBuilder acl = new StringBuilder(Files.readString(repository().resolve("mosquitto/acl")));
        acl.append("\n# Generated like ./boxbox up: each driver device may publish only its own location.\n");
        for (String id : devicePasswords.keySet()) {
            acl.append("\nuser ").append(GpsTopics.username(id))
                    .append("\ntopic write ").append(GpsTopics.location(id)).append('\n');
        }
        Files.writeString(dir.resolve("acl"), acl);
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            return Files.exists(log()) ? "\n" + Files.readString(log()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The checkout: {@code boxbox.root} when the build sets it, else the nearest directory up with mosquitto/acl. */
    private static Path repository() {
        String configured = System.getProperty("boxbox.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mosquitto/acl"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository's mosquitto/ directory above " + Path.of("").toAbsolutePath());
    }

    /** mosquitto lives in /usr/sbin on Debian, which is not on every user's PATH. */
    private static Path binary(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not installed (Debian: apt-get install mosquitto mosquitto-clients; ./boxbox test installs it)");
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
