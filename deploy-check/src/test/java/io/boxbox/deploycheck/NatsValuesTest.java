package io.boxbox.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * deploy/kubernetes/nats-values.yaml, the values of the official NATS Helm chart: only keys the
 * chart documents (nats-chart-keys.txt), a cluster of three with JetStream on file storage, and the
 * NATS logins the services' manifests use.
 */
class NatsValuesTest {

    private static final Repository REPO = Repository.locate();
    private static final String VALUES = "deploy/kubernetes/nats-values.yaml";
    private static final String USERS = "deploy/nats/users.conf";
    /** Each service's NATS user in users.conf (the contract ./boxbox, compose and the tests share). */
    private static final Map<String, String> NATS_USERS = Map.of("paddock-gateway", "gateway", "maestro", "maestro",
            "panettiere", "panettiere", "chef-sim", "chef", "driver-sim", "driver");

    private final Map<String, Object> values = REPO.yaml(VALUES);
    private final ChartKeys keys = new ChartKeys(REPO.read("deploy/kubernetes/nats-chart-keys.txt"));

    @Test
    void everyKeyIsOneTheChartDocuments() {
        assertEquals(List.of(), keys.undocumented(values), VALUES + " sets keys that are not in nats-chart-keys.txt");
    }

    @Test
    void aMisspeltOrZeroDotXKeyIsFound() {
        // The 0.x chart's layout, and a typo: both would be ignored by helm without a word.
        Map<String, Object> wrong = Repository.yamlDocuments("""
                nats: {jetstream: {fileStorage: {enabled: true}}}
                config: {cluster: {enabeld: true}, merge: {anything: [goes, here]}}
                container: {patch: [{op: add}], env: {A: {valueFrom: {}}}}
                """).getFirst();
        assertEquals(List.of("nats.jetstream.fileStorage.enabled", "config.cluster.enabeld"), keys.undocumented(wrong));
    }

    @Test
    void aClusterOfThreeWithJetStreamOnFileStorage() {
        assertEquals(Boolean.TRUE, Repository.get(values, "config", "cluster", "enabled"));
        assertEquals(3, (Integer) Repository.get(values, "config", "cluster", "replicas"));
        assertEquals(Boolean.TRUE, Repository.get(values, "config", "jetstream", "enabled"));
        assertEquals(Boolean.TRUE, Repository.get(values, "config", "jetstream", "fileStore", "enabled"));
        assertEquals(Boolean.TRUE, Repository.get(values, "config", "jetstream", "fileStore", "pvc", "enabled"));
        Quantity pvc = new Quantity(Repository.get(values, "config", "jetstream", "fileStore", "pvc", "size"));
        Quantity max = new Quantity(Repository.get(values, "config", "jetstream", "fileStore", "maxSize"));
        assertTrue(max.getNumericalAmount().compareTo(pvc.getNumericalAmount()) < 0,
                "max_file_store below the PVC size: the files on disk take more than JetStream counts");
        assertEquals(Boolean.FALSE, Repository.get(values, "config", "jetstream", "memoryStore", "enabled"));
    }

    @Test
    void everyServiceLogsInWithAUserWhosePasswordTheServersGet() {
        Map<String, Object> env = Repository.get(values, "container", "env");
        // The NATS pods read every password from boxbox-secrets, each under its own name.
        env.forEach((name, value) -> {
            assertEquals(ManifestRules.SECRET, Repository.get(value, "valueFrom", "secretKeyRef", "name"), name);
            assertEquals(name, Repository.get(value, "valueFrom", "secretKeyRef", "key"), name);
        });
        Manifests base = Manifests.fromFiles(REPO, Manifests.BASE);
        for (String service : Manifests.JAVA_SERVICES.keySet()) {
            Deployment d = base.deployment(service);
            String user = Manifests.env(d, "BOXBOX_NATS_USER");
            assertEquals(NATS_USERS.get(service), user, service + " logs in as its own user of " + USERS);
            EnvVar password = Manifests.container(d).getEnv().stream().filter(e -> e.getName().equals("BOXBOX_NATS_PASSWORD"))
                    .findFirst().orElseThrow();
            String key = password.getValueFrom().getSecretKeyRef().getKey();
            assertEquals("BOXBOX_NATS_PASSWORD_" + user.toUpperCase().replace('-', '_'), key, service);
            assertTrue(env.containsKey(key), "the NATS servers get " + key + " too, or " + user + " cannot log in");
        }
        assertEquals("../nats-users/users.conf", Repository.get(values, "config", "merge", "$include"));
    }

    @Test
    void theServersGetEveryPasswordUsersConfNames() {
        // deploy/nats/users.conf is the one list of users (./boxbox up, tests, compose include it).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(REPO.path(USERS)), USERS + " not in this checkout yet");
        String users = REPO.read(USERS);
        Set<String> variables = new TreeSet<>();
        Matcher m = Pattern.compile("\\$(BOXBOX_NATS_PASSWORD_[A-Z_]+)").matcher(users);
        while (m.find()) {
            variables.add(m.group(1));
        }
        Map<String, Object> env = Repository.get(values, "container", "env");
        assertEquals(variables, new TreeSet<>(env.keySet()), "container.env of " + VALUES + " against " + USERS);
        for (String user : NATS_USERS.values()) {
            assertTrue(users.contains("user: " + user), USERS + " has no user " + user);
        }
        assertTrue(users.contains("user: operator"), USERS + " has no user operator");
    }
}
