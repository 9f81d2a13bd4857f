package io.boxbox.deploycheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What the schema alone does not catch, but would break the deployment: required fields the model
 * leaves optional, selectors that select nothing, named ports and volumes that do not exist,
 * references to ConfigMaps that are not there, and a Secret in the manifests.
 * Each problem is one line naming the object.
 */
final class ManifestRules {

    /** The one Secret the manifests read; it is created by hand, never kept in the repository. */
    static final String SECRET = "boxbox-secrets";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final List<HasMetadata> objects;
    /** false for objects read file by file: generated ConfigMaps (with their hash suffix) do not exist yet. */
    private final boolean rendered;
    private final List<String> problems = new ArrayList<>();

    ManifestRules(List<HasMetadata> objects, boolean rendered) {
        this.objects = objects;
        this.rendered = rendered;
    }

    List<String> problems() {
        problems.clear();
        Set<String> seen = new HashSet<>();
        for (HasMetadata object : objects) {
            String name = object.getMetadata() == null ? null : object.getMetadata().getName();
            if (name == null || !DNS_LABEL.matcher(name).matches()) {
                problem(object, "metadata.name must be a DNS label, is " + name);
            }
            if (!seen.add(object.getKind() + "/" + name)) {
                problem(object, "defined twice");
            }
            switch (object) {
                case Deployment d -> deployment(d);
                case Service s -> service(s);
                case PodDisruptionBudget p -> disruptionBudget(p);
                default -> { }
            }
        }
        return List.copyOf(problems);
    }

    private void deployment(Deployment d) {
        Map<String, String> selector = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata() == null ? null
                : d.getSpec().getTemplate().getMetadata().getLabels();
        if (selector == null || selector.isEmpty() || labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
            problem(d, "spec.selector.matchLabels " + selector + " must select the pod template's labels " + labels);
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Set<String> volumes = new HashSet<>();
        for (Volume volume : pod.getVolumes()) {
            volumes.add(volume.getName());
            if (rendered && volume.getConfigMap() != null && !exists("ConfigMap", volume.getConfigMap().getName())) {
                problem(d, "volume " + volume.getName() + " reads ConfigMap " + volume.getConfigMap().getName() + ", which is not defined");
            }
        }
        if (pod.getContainers().isEmpty()) {
            problem(d, "no containers");
        }
        for (Container c : pod.getContainers()) {
            container(d, c, volumes);
        }
    }

    private void container(Deployment d, Container c, Set<String> volumes) {
        String where = "container " + c.getName();
        if (c.getName() == null || c.getImage() == null || c.getImage().isBlank()) {
            problem(d, where + ": name and image are required");
        }
        Set<String> portNames = new HashSet<>();
        Set<Integer> portNumbers = new HashSet<>();
        for (ContainerPort port : c.getPorts()) {
            if (port.getContainerPort() == null) {
                problem(d, where + ": a port without containerPort");
                continue;
            }
            portNumbers.add(port.getContainerPort());
            if (port.getName() == null) {
                problem(d, where + ": port " + port.getContainerPort() + " has no name (Services and probes refer to ports by name)");
            } else {
                portNames.add(port.getName());
            }
        }
        if (c.getResources() == null || c.getResources().getRequests().get("cpu") == null
                || c.getResources().getRequests().get("memory") == null || c.getResources().getLimits().get("memory") == null) {
            problem(d, where + ": needs resources.requests cpu and memory and resources.limits memory");
        }
        if (c.getReadinessProbe() == null || c.getLivenessProbe() == null) {
            problem(d, where + ": needs a readinessProbe and a livenessProbe");
        }
        for (Probe probe : new Probe[] {c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()}) {
            if (probe == null) {
                continue;
            }
            IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                    : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
            Integer grpcPort = probe.getGrpc() != null ? probe.getGrpc().getPort() : null;
            if (port == null && grpcPort == null && probe.getExec() == null) {
                problem(d, where + ": a probe with no check");
            }
            if (port != null && !refersTo(port, portNames, portNumbers)) {
                problem(d, where + ": a probe's port " + describe(port) + " is none of the container's ports");
            }
            if (grpcPort != null && !portNumbers.contains(grpcPort)) {
                problem(d, where + ": the grpc probe's port " + grpcPort + " is none of the container's ports");
            }
        }
        Set<String> defined = new HashSet<>();
        c.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() != null && rendered && !exists("ConfigMap", source.getConfigMapRef().getName())) {
                problem(d, where + ": envFrom ConfigMap " + source.getConfigMapRef().getName() + " is not defined");
            }
            if (source.getConfigMapRef() != null) {
                defined.addAll(configMapKeys(source.getConfigMapRef().getName()));
            }
            if (source.getSecretRef() != null && !SECRET.equals(source.getSecretRef().getName())) {
                problem(d, where + ": envFrom Secret " + source.getSecretRef().getName() + " (only " + SECRET + " exists)");
            }
        });
        for (EnvVar env : c.getEnv()) {
            if (env.getValue() != null) {
                Matcher reference = ENV_REFERENCE.matcher(env.getValue());
                while (reference.find()) {
                    // Kubernetes expands $(NAME) only for variables defined before this one.
                    if (!defined.contains(reference.group(1))) {
                        problem(d, where + ": " + env.getName() + " refers to $(" + reference.group(1) + "), not defined before it");
                    }
                }
            }
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
                    && !SECRET.equals(env.getValueFrom().getSecretKeyRef().getName())) {
                problem(d, where + ": " + env.getName() + " reads Secret " + env.getValueFrom().getSecretKeyRef().getName()
                        + " (only " + SECRET + " exists)");
            }
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null && rendered
                    && !configMapKeys(env.getValueFrom().getConfigMapKeyRef().getName()).contains(env.getValueFrom().getConfigMapKeyRef().getKey())) {
                problem(d, where + ": " + env.getName() + " reads a ConfigMap key that does not exist");
            }
            defined.add(env.getName());
        }
        for (VolumeMount mount : c.getVolumeMounts()) {
            if (!volumes.contains(mount.getName())) {
                problem(d, where + ": mounts volume " + mount.getName() + ", which the pod does not define");
            }
        }
    }

    private void service(Service s) {
        Map<String, String> selector = s.getSpec().getSelector();
        List<Deployment> selected = objects.stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> selector != null && !selector.isEmpty()
                        && d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        if (selected.isEmpty()) {
            problem(s, "selector " + selector + " selects no Deployment's pods");
            return;
        }
        for (ServicePort port : s.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
            for (Deployment d : selected) {
                Set<String> names = new HashSet<>();
                Set<Integer> numbers = new HashSet<>();
                d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getPorts().forEach(p -> {
                    numbers.add(p.getContainerPort());
                    if (p.getName() != null) {
                        names.add(p.getName());
                    }
                }));
                if (!refersTo(target, names, numbers)) {
                    problem(s, "port " + port.getName() + " targets " + describe(target) + ", which Deployment "
                            + d.getMetadata().getName() + "'s pods do not expose");
                }
            }
        }
    }

    private void disruptionBudget(PodDisruptionBudget p) {
        Map<String, String> selector = p.getSpec().getSelector() == null ? null : p.getSpec().getSelector().getMatchLabels();
        boolean selects = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .anyMatch(d -> selector != null && !selector.isEmpty()
                        && d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
        if (!selects) {
            problem(p, "selector " + selector + " selects no Deployment's pods");
        }
        if ((p.getSpec().getMaxUnavailable() == null) == (p.getSpec().getMinAvailable() == null)) {
            problem(p, "needs exactly one of minAvailable and maxUnavailable");
        }
    }

    private Set<String> configMapKeys(String name) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(m -> Objects.equals(m.getMetadata().getName(), name))
                .findFirst().map(m -> m.getData() == null ? Set.<String>of() : m.getData().keySet()).orElse(Set.of());
    }

    private boolean exists(String kind, String name) {
        return objects.stream().anyMatch(o -> kind.equals(o.getKind()) && Objects.equals(name, o.getMetadata().getName()));
    }

    private static String describe(IntOrString port) {
        return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static boolean refersTo(IntOrString port, Set<String> names, Set<Integer> numbers) {
        return port.getIntVal() != null ? numbers.contains(port.getIntVal()) : names.contains(port.getStrVal());
    }

    private void problem(HasMetadata object, String what) {
        problems.add(object.getKind() + " " + (object.getMetadata() == null ? "?" : object.getMetadata().getName()) + ": " + what);
    }
}
