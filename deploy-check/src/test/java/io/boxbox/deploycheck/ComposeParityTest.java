package io.boxbox.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * deploy/kubernetes runs what docker-compose.yml runs: the same images, container ports and
 * environment variable names for every service, the same Mosquitto set-up and collector pipelines.
 * Read from the base's files (no kubectl needed); values may differ (addresses, replica names).
 */
class ComposeParityTest {

    private static final Repository REPO = Repository.locate();

    /**
     * Names the manifests set before compose does: the per-service NATS login the nats-auth work
     * adds to every way the mesh starts. Once compose sets them too they are simply equal.
     */
    private static final Set<String> KUBERNETES_AHEAD = Set.of("BOXBOX_NATS_USER", "BOXBOX_NATS_PASSWORD");

    private final Map<String, Object> compose = REPO.yaml("docker-compose.yml");
    private final Manifests base = Manifests.fromFiles(REPO, Manifests.BASE);

    @Test
    void sameImagesPortsAndEnvironmentNamesForEveryJavaService() {
        for (var service : Manifests.JAVA_SERVICES.entrySet()) {
            String name = service.getKey();
            Map<String, Object> replica = composeService(name + "-1");
            Deployment deployment = base.deployment(name);
            Container container = Manifests.container(deployment);

            assertEquals(repository(Repository.get(replica, "image")), repository(container.getImage()), name + " image");

            Map<String, String> composeEnv = environment(replica);
            String portVariable = name.equals("paddock-gateway") ? "MICRONAUT_SERVER_PORT" : "GRPC_SERVER_PORT";
            int port = service.getValue();
            assertEquals(String.valueOf(port), composeEnv.get(portVariable), name + " compose " + portVariable);
            assertEquals(String.valueOf(port), Manifests.env(deployment, portVariable), name + " " + portVariable);
            assertEquals(port, containerPort(container, name.equals("paddock-gateway") ? "http" : "grpc"), name + " container port");
            assertEquals(Integer.parseInt(composeEnv.get("OTEL_EXPORTER_PROMETHEUS_PORT")), containerPort(container, "metrics"),
                    name + " metrics port");

            Set<String> kubernetesNames = environmentNames(container);
            Set<String> missing = new TreeSet<>(composeEnv.keySet());
            missing.removeAll(kubernetesNames);
            assertEquals(Set.of(), missing, name + ": set in docker-compose.yml, not in deploy/kubernetes");
            Set<String> extra = new TreeSet<>(kubernetesNames);
            extra.removeAll(composeEnv.keySet());
            extra.removeAll(KUBERNETES_AHEAD);
            assertEquals(Set.of(), extra, name + ": set in deploy/kubernetes, not in docker-compose.yml");
        }
    }

    @Test
    void mosquittoCollectorAndJaegerAsInCompose() {
        for (String name : new String[] {"mosquitto", "otel-collector", "jaeger"}) {
            Map<String, Object> service = composeService(name);
            Container container = Manifests.container(base.deployment(name));
            assertEquals(Repository.get(service, "image"), container.getImage(), name + " image, tag included");
            assertEquals(new TreeSet<>(environment(service).keySet()), new TreeSet<>(environmentNames(container)), name + " environment");
        }
        Container mosquitto = Manifests.container(base.deployment("mosquitto"));
        assertEquals(Repository.get(composeService("mosquitto"), "entrypoint"), mosquitto.getCommand(), "mosquitto entrypoint");
        assertEquals(Repository.get(composeService("mosquitto"), "command"), mosquitto.getArgs(), "mosquitto command");

        // kustomize reads no file above its folder, so the collector's config is a copy: the same pipelines.
        String composeConfig = REPO.read("otel-collector-config.yaml");
        String kubernetesConfig = REPO.read(Manifests.BASE + "/otel-collector-config.yaml");
        assertEquals(fromReceivers(composeConfig), fromReceivers(kubernetesConfig),
                "deploy/kubernetes/base/otel-collector-config.yaml must equal otel-collector-config.yaml from `receivers:` on");
    }

    private Map<String, Object> composeService(String name) {
        Map<String, Object> service = Repository.get(compose, "services", name);
        assertNotNull(service, "docker-compose.yml has no service " + name);
        return service;
    }

    private static String fromReceivers(String config) {
        int start = config.indexOf("\nreceivers:");
        assertTrue(start >= 0, "no receivers: section");
        return config.substring(start);
    }

    /** boxbox/maestro:${BOXBOX_TAG:-dev} → boxbox/maestro. */
    private static String repository(String image) {
        return image.contains(":") ? image.substring(0, image.indexOf(':')) : image;
    }

    private static int containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name));
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        Map<String, String> out = new HashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else if (env instanceof Iterable<?> list) {
            for (Object item : list) {
                String[] pair = String.valueOf(item).split("=", 2);
                out.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return out;
    }

    /** env, envFrom ConfigMap keys, and BOXBOX_SIM_SEED when the command exports it. */
    private Set<String> environmentNames(Container container) {
        Set<String> names = new TreeSet<>();
        container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
        container.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() != null) {
                ConfigMap map = base.one(ConfigMap.class, source.getConfigMapRef().getName());
                names.addAll(map.getData().keySet());
            }
        });
        if (container.getCommand() != null && String.join(" ", container.getCommand()).contains("export BOXBOX_SIM_SEED=")) {
            names.add("BOXBOX_SIM_SEED");
        }
        return names;
    }
}
