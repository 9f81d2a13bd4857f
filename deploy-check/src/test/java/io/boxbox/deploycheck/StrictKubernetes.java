package io.boxbox.deploycheck;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a manifest object into the fabric8 Kubernetes model, strictly: a field the Kubernetes
 * schema of that kind does not have, or a value of the wrong type, is an error naming its path.
 * <p>
 * The fabric8 classes accept anything by design (unknown fields land in additionalProperties, so
 * that a newer API server's fields survive a round trip). Here that would hide a misspelt
 * {@code readinesProbe}, which the API server drops with a warning at most: the modifier below
 * takes the any-setter off every model class, and unknown properties then fail.
 */
final class StrictKubernetes {

    /** The kinds Box Box's manifests use; any other kind is refused rather than left unchecked. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Namespace", Namespace.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private final JsonMapper mapper = JsonMapper.builder()
            .addModule(new SimpleModule("strict-kubernetes").setDeserializerModifier(new NoAdditionalProperties()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "2" for replicas or a port is a string in YAML: the API server refuses it, so do we.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** The typed object, or {@link InvalidManifest} saying what is wrong and where. */
    HasMetadata read(Map<String, Object> manifest, String origin) {
        String apiVersion = String.valueOf(manifest.get("apiVersion"));
        String kind = String.valueOf(manifest.get("kind"));
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new InvalidManifest(origin + ": no schema here for " + apiVersion + " " + kind
                    + " (known: " + KINDS.keySet() + ")");
        }
        try {
            return mapper.convertValue(manifest, type);
        } catch (JacksonException e) {
            String name = String.valueOf(Repository.<Object>get(manifest, "metadata", "name"));
            throw new InvalidManifest(origin + ": " + kind + " " + name + ": " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        }
    }

    static final class InvalidManifest extends RuntimeException {
        InvalidManifest(String message) {
            super(message);
        }

        InvalidManifest(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class NoAdditionalProperties extends ValueDeserializerModifier {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier description,
                BeanDeserializerBuilder builder) {
            if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
            }
            return builder;
        }
    }
}
