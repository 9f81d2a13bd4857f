package io.boxbox.pacchetto.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Freshly generated passwords for every user of {@code deploy/nats/users.conf}, and what a server
 * and a client need of them: the server's environment ({@code BOXBOX_NATS_PASSWORD_<USER>}, which
 * the file's variables read), a service's ({@code BOXBOX_NATS_USER}/{@code BOXBOX_NATS_PASSWORD}),
 * a URL with a user's credentials in it. One instance per server (or cluster): its users.conf is
 * the committed one, so a test under it proves the permissions are complete.
 */
public final class NatsUsers {

    public static final String GATEWAY = "gateway";
    public static final String MAESTRO = "maestro";
    public static final String PANETTIERE = "panettiere";
    public static final String CHEF = "chef";
    public static final String DRIVER = "driver";
    /** People and tools: full access, never a service's login. */
    public static final String OPERATOR = "operator";
    public static final List<String> USERS = List.of(GATEWAY, MAESTRO, PANETTIERE, CHEF, DRIVER, OPERATOR);
    private static final String USERS_CONF = "deploy/nats/users.conf";

    private final Map<String, String> passwords = new LinkedHashMap<>();

    public NatsUsers() {
        // Letters and digits, so it can sit in nats://user:password@host:port; and a letter first:
        // nats-server parses a variable's value as config, and "4e12..." would be a number.
        USERS.forEach(user -> passwords.put(user, "p" + UUID.randomUUID().toString().replace("-", "")));
    }

    /** The NATS user a service logs in as: {@code paddock-gateway} → gateway, {@code chef-sim} → chef, ... */
    public static String userOf(String service) {
        return switch (service) {
            case "paddock-gateway" -> GATEWAY;
            case "chef-sim" -> CHEF;
            case "driver-sim" -> DRIVER;
            case "maestro", "panettiere" -> service;
            default -> throw new IllegalArgumentException("no NATS user for service " + service);
        };
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no NATS user " + user + " in " + USERS_CONF);
        }
        return password;
    }

    /** What the nats-server process needs in its environment for users.conf's variables. */
    public Map<String, String> serverEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        passwords.forEach((user, password) -> env.put(passwordVariable(user), password));
        return env;
    }

    /** A service's login, as NatsSettings reads it ({@code boxbox.nats.user}/{@code password}). */
    public Map<String, String> serviceEnvironment(String user) {
        return Map.of("BOXBOX_NATS_USER", user, "BOXBOX_NATS_PASSWORD", password(user));
    }

    /** {@code nats://127.0.0.1:4222} → {@code nats://user:password@127.0.0.1:4222}. */
    public String url(String serverUrl, String user) {
        URI plain = URI.create(serverUrl);
        return plain.getScheme() + "://" + user + ":" + password(user) + "@" + plain.getHost() + ":" + plain.getPort();
    }

    /** The reply-subject prefix users.conf lets {@code user} subscribe to, as the services set it. */
    public static String inboxPrefix(String user) {
        return io.boxbox.pacchetto.jetstream.NatsSettings.inboxPrefixOf(user);
    }

    public static String passwordVariable(String user) {
        return "BOXBOX_NATS_PASSWORD_" + user.toUpperCase(Locale.ROOT);
    }

    /**
     * Copies the committed users.conf into {@code configDir} (nats-server resolves an include
     * relative to the including file) and returns the line that includes it.
     */
    public static String includeIn(Path configDir) throws IOException {
        Files.copy(usersConf(), configDir.resolve("users.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return "include ./users.conf";
    }

    /** The repository's users.conf, found from the working directory (a module) upwards. */
    public static Path usersConf() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(USERS_CONF);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(USERS_CONF + " not found above " + Path.of("").toAbsolutePath());
    }
}
