package dev.spacetime.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rendered overlay as fabric8 model objects: the core kinds typed ({@code Deployment}, {@code Service}, ...), the
 * operators' kinds (Strimzi, CloudNativePG, KEDA, Prometheus Operator) as {@link GenericKubernetesResource}.
 */
record Manifests(List<HasMetadata> resources) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests render(Path kustomizationDir) {
        return of(Kustomize.render(kustomizationDir));
    }

    static Manifests of(List<ObjectNode> nodes) {
        return new Manifests(nodes.stream().map(Manifests::parse).toList());
    }

    private static HasMetadata parse(ObjectNode node) {
        HasMetadata parsed = SERIALIZATION.unmarshal(node.toString());
        if (parsed.getMetadata() == null || parsed.getMetadata().getName() == null) {
            throw new IllegalStateException("a manifest without metadata.name: " + node);
        }
        return parsed;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " '" + name + "'"));
    }

    GenericKubernetesResource getCustom(String kind, String name) {
        return custom(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " '" + name + "'"));
    }

    /** Keys of every ConfigMap by name. */
    Map<String, Map<String, String>> configMaps() {
        Map<String, Map<String, String>> out = new HashMap<>();
        all(ConfigMap.class).forEach(c -> out.put(c.getMetadata().getName(), c.getData()));
        return out;
    }

    /** Keys of every Secret by name ({@code stringData} and {@code data} alike). */
    Map<String, java.util.Set<String>> secretKeys() {
        Map<String, java.util.Set<String>> out = new HashMap<>();
        for (Secret s : all(Secret.class)) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            if (s.getStringData() != null) {
                keys.addAll(s.getStringData().keySet());
            }
            if (s.getData() != null) {
                keys.addAll(s.getData().keySet());
            }
            out.put(s.getMetadata().getName(), keys);
        }
        return out;
    }
}
