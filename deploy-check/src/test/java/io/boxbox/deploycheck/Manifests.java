package io.boxbox.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** A set of typed Kubernetes objects (a render or the raw files) and lookups on it for the tests. */
record Manifests(List<HasMetadata> objects) {

    static final String BASE = "deploy/kubernetes/base";
    static final String LOCAL = "deploy/kubernetes/overlays/local";

    /** The Java services and their container port, as in docker-compose.yml. */
    static final Map<String, Integer> JAVA_SERVICES = Map.of(
            "paddock-gateway", 8080, "maestro", 7777, "panettiere", 8888, "chef-sim", 8889, "driver-sim", 8890);

    /** Every object of every resource file of the kustomization at DIR, read strictly, without kubectl. */
    static Manifests fromFiles(Repository repo, String dir) {
        StrictKubernetes strict = new StrictKubernetes();
        List<HasMetadata> objects = new ArrayList<>();
        for (Kustomize.ResourceFile file : new Kustomize(repo.path(dir)).resourceFiles()) {
            if (file.kind() == Kustomize.Kind.RESOURCE) {
                for (Map<String, Object> doc : Repository.yamlDocuments(Repository.read(file.path()))) {
                    objects.add(strict.read(doc, file.path().toString()));
                }
            }
        }
        return new Manifests(objects);
    }

    /** kubectl kustomize DIR, every object read strictly. */
    static Manifests rendered(Repository repo, String dir, Path kubectl) throws Exception {
        StrictKubernetes strict = new StrictKubernetes();
        List<HasMetadata> objects = new ArrayList<>();
        for (Map<String, Object> doc : new Kustomize(repo.path(dir)).render(kubectl)) {
            objects.add(strict.read(doc, "kubectl kustomize " + dir));
        }
        return new Manifests(objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    Deployment deployment(String name) {
        return one(Deployment.class, name);
    }

    Service service(String name) {
        return one(Service.class, name);
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    /** The value of env var NAME of the Deployment's container (a literal value), or null. */
    static String env(Deployment d, String name) {
        return container(d).getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .map(e -> e.getValue()).orElse(null);
    }
}
