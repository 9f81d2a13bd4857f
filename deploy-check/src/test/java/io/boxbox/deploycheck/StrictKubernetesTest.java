package io.boxbox.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The validator itself: it must refuse what the API server would, or the manifests' checks prove nothing. */
class StrictKubernetesTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: panettiere}
            spec:
              replicas: 2
              selector: {matchLabels: {app: panettiere}}
              template:
                metadata: {labels: {app: panettiere}}
                spec:
                  containers:
                    - name: panettiere
                      image: boxbox/panettiere:dev
                      ports: [{name: grpc, containerPort: 8888}]
                      %s
            """;

    private final StrictKubernetes strict = new StrictKubernetes();

    @Test
    void readsAValidDeployment() {
        Deployment d = (Deployment) strict.read(doc(DEPLOYMENT.formatted("readinessProbe: {grpc: {port: 8888}}")), "test");
        assertEquals(8888, d.getSpec().getTemplate().getSpec().getContainers().getFirst().getReadinessProbe().getGrpc().getPort());
    }

    @Test
    void refusesAMisspeltFieldNamingItsPath() {
        var e = assertThrows(StrictKubernetes.InvalidManifest.class,
                () -> strict.read(doc(DEPLOYMENT.formatted("readinesProbe: {grpc: {port: 8888}}")), "test"));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
        assertTrue(e.getMessage().contains("containers"), e.getMessage());
    }

    @Test
    void refusesAStringWhereTheSchemaWantsANumber() {
        assertThrows(StrictKubernetes.InvalidManifest.class,
                () -> strict.read(doc(DEPLOYMENT.formatted("readinessProbe: {grpc: {port: \"8888\"}}")), "test"));
    }

    @Test
    void refusesAKindItHasNoSchemaFor() {
        assertThrows(StrictKubernetes.InvalidManifest.class,
                () -> strict.read(doc("apiVersion: v1\nkind: Secret\nmetadata: {name: boxbox-secrets}\n"), "test"));
    }

    @Test
    void rulesFindAServiceThatSelectsNothingAndAProbeOnAMissingPort() {
        var d = strict.read(doc(DEPLOYMENT.formatted(String.join("\n          ",
                "readinessProbe: {tcpSocket: {port: http}}",
                "livenessProbe: {tcpSocket: {port: grpc}}",
                "resources: {requests: {cpu: 10m, memory: 1Mi}, limits: {memory: 1Mi}}"))), "test");
        var s = strict.read(doc("""
                apiVersion: v1
                kind: Service
                metadata: {name: chef-sim}
                spec:
                  selector: {app: chef-sim}
                  ports: [{name: grpc, port: 8889}]
                """), "test");
        List<String> problems = new ManifestRules(List.of(d, s), true).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("port http"), problems.toString());
        assertTrue(problems.get(1).contains("selects no Deployment"), problems.toString());
    }

    private static Map<String, Object> doc(String yaml) {
        return Repository.yamlDocuments(yaml).getFirst();
    }
}
