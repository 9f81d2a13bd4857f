package io.boxbox.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * deploy/kubernetes: the base and the local overlay render (kubectl kustomize, when installed) to
 * objects that the Kubernetes schemas accept, strictly, and that fit together; without kubectl,
 * every resource file is still checked on its own, and the render checks are reported skipped.
 */
class KubernetesManifestsTest {

    private static final Repository REPO = Repository.locate();
    private static final Optional<Path> KUBECTL = Kustomize.kubectl();
    private static Manifests base;
    private static Manifests local;

    @BeforeAll
    static void render() throws Exception {
        if (KUBECTL.isPresent()) {
            base = Manifests.rendered(REPO, Manifests.BASE, KUBECTL.get());
            local = Manifests.rendered(REPO, Manifests.LOCAL, KUBECTL.get());
        } else {
            System.out.println("[deploy-check] skipped: kubectl is not installed, so the kustomizations are not rendered"
                    + " (patches, generators, namespace, replicas and images of the overlay unchecked);"
                    + " every resource file of base and overlay is still validated on its own");
        }
    }

    @Test
    void everyResourceFileOfBaseAndOverlayIsValidOnItsOwn() {
        for (String dir : List.of(Manifests.BASE, Manifests.LOCAL)) {
            Manifests files = Manifests.fromFiles(REPO, dir);
            assertEquals(List.of(), new ManifestRules(files.objects(), false).problems(), dir);
            for (Kustomize.ResourceFile file : new Kustomize(REPO.path(dir)).resourceFiles()) {
                assertTrue(Files.isRegularFile(file.path()), dir + " names " + file.path() + ", which does not exist");
            }
        }
    }

    @Test
    void renderedBaseIsValidAndComplete() {
        assumeTrue(base != null, "kubectl not installed: base not rendered");
        assertEquals(List.of(), new ManifestRules(base.objects(), true).problems());
        Set<String> deployments = names(base.all(Deployment.class));
        assertEquals(Set.of("paddock-gateway", "maestro", "panettiere", "chef-sim", "driver-sim", "mosquitto", "otel-collector", "jaeger"),
                deployments);
        assertEquals(deployments, names(base.all(Service.class)), "a Service per Deployment, of the same name");
        assertEquals(Manifests.JAVA_SERVICES.keySet(), names(base.all(PodDisruptionBudget.class)));
        for (String service : Manifests.JAVA_SERVICES.keySet()) {
            assertEquals(2, base.deployment(service).getSpec().getReplicas(), service + " replicas");
        }
        assertTrue(base.objects().stream().noneMatch(o -> "Secret".equals(o.getKind())), "no Secret in the manifests");
        for (HasMetadata o : base.objects()) {
            assertEquals("boxbox", o.getMetadata().getLabels().get("app.kubernetes.io/part-of"), o.getKind() + " " + o.getMetadata().getName());
        }
    }

    @Test
    void grpcServicesAreHeadlessAndTheMaestroResolvesEveryReplica() {
        assumeTrue(base != null, "kubectl not installed: base not rendered");
        Deployment maestro = base.deployment("maestro");
        Map<String, String> channels = Map.of(
                "GRPC_CHANNELS_PANETTIERE_ADDRESS", "panettiere",
                "GRPC_CHANNELS_CHEF_ADDRESS", "chef-sim",
                "GRPC_CHANNELS_DRIVER_ADDRESS", "driver-sim");
        channels.forEach((variable, service) -> {
            Service target = base.service(service);
            int port = Manifests.JAVA_SERVICES.get(service);
            assertEquals("dns:///" + service + ":" + port, Manifests.env(maestro, variable), variable);
            assertTrue(target.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port), service + " Service port " + port);
        });
        for (String service : List.of("maestro", "panettiere", "chef-sim", "driver-sim")) {
            Service s = base.service(service);
            assertEquals("None", s.getSpec().getClusterIP(), service + " is headless: DNS answers every replica");
            assertEquals(Boolean.TRUE, s.getSpec().getPublishNotReadyAddresses(),
                    service + ": NOT_SERVING replicas stay in DNS, gRPC health checking routes around them");
        }
        assertFalse("None".equals(base.service("paddock-gateway").getSpec().getClusterIP()), "the gateway is a plain ClusterIP Service");
    }

    @Test
    void probesAskTheGrpcHealthServiceAndTheGatewaysHealthz() {
        assumeTrue(base != null, "kubectl not installed: base not rendered");
        for (String service : List.of("maestro", "panettiere", "chef-sim", "driver-sim")) {
            Container c = Manifests.container(base.deployment(service));
            Probe ready = c.getReadinessProbe();
            assertNotNull(ready.getGrpc(), service + " readiness is a native grpc probe");
            assertEquals(Manifests.JAVA_SERVICES.get(service), ready.getGrpc().getPort(), service + " grpc probe port");
            // A crew at lunch is NOT_SERVING: liveness must not restart the pod for that.
            assertNotNull(c.getLivenessProbe().getTcpSocket(), service + " liveness checks the port only");
        }
        // The real path of the gateway's health endpoint.
        String controller = REPO.read("paddock-gateway/src/main/java/io/boxbox/gateway/health/HealthController.java");
        assertTrue(controller.contains("@Controller(\"/healthz\")"), "HealthController serves /healthz");
        Container gateway = Manifests.container(base.deployment("paddock-gateway"));
        assertEquals("/healthz", gateway.getReadinessProbe().getHttpGet().getPath());
        assertEquals("http", gateway.getReadinessProbe().getHttpGet().getPort().getStrVal());
    }

    @Test
    void kitchenReplicasDrawTheirOwnSeedAndRunTheImagesEntrypoint() {
        assumeTrue(base != null, "kubectl not installed: base not rendered");
        String dockerfile = REPO.read("Dockerfile");
        String entrypoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        for (String service : List.of("maestro", "panettiere", "chef-sim", "driver-sim")) {
            Container c = Manifests.container(base.deployment(service));
            assertEquals("/bin/sh", c.getCommand().getFirst(), service);
            assertTrue(c.getCommand().get(2).contains("export BOXBOX_SIM_SEED="), service + " derives the seed");
            assertTrue(c.getCommand().get(2).contains("$BOXBOX_INSTANCE"), service + " seeds from the pod's name");
            String args = c.getArgs().stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
            assertEquals("ENTRYPOINT [" + args + "]", entrypoint, service + " runs the image's ENTRYPOINT unchanged");
        }
    }

    @Test
    void localOverlayRunsOneOfEachInItsNamespace() {
        assumeTrue(local != null, "kubectl not installed: overlay not rendered");
        assertEquals(List.of(), new ManifestRules(local.objects(), true).problems());
        for (HasMetadata o : local.objects()) {
            if (!"Namespace".equals(o.getKind())) {
                assertEquals("boxbox", o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
            }
        }
        for (String service : Manifests.JAVA_SERVICES.keySet()) {
            Deployment d = local.deployment(service);
            Container c = Manifests.container(d);
            assertEquals(1, d.getSpec().getReplicas(), service);
            assertEquals("boxbox/" + service + ":dev", c.getImage());
            assertEquals("IfNotPresent", c.getImagePullPolicy(), service);
            assertTrue(c.getResources().getLimits().get("memory").getNumericalAmount()
                    .compareTo(Manifests.container(base.deployment(service)).getResources().getLimits().get("memory").getNumericalAmount()) < 0,
                    service + " gets less memory locally");
        }
    }

    private static Set<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
