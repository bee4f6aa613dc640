package dev.spacetime.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset deploy/k8s uses: {@code resources}
 * (files and folders), {@code namespace}, {@code images}, {@code replicas} and {@code patches} (RFC 6902 JSON patches
 * on a target kind and optional name). kustomize is not on CI's machines; any other field fails the render with its
 * name, so a manifest can never use a feature these tests would silently skip. The output was compared with
 * kustomize v5.5 (kubectl 1.32) on deploy/k8s: the same resources, field for field (deploy/README.md, "Tests").
 */
final class Kustomize {

    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches");
    /** Kinds without a namespace among those deploy/k8s could contain. */
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass");

    private Kustomize() {
    }

    /** The resources of the kustomization in {@code dir} (the folder holding kustomization.yaml), transformed. */
    static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        ObjectNode k = (ObjectNode) Yaml.readAll(file).getFirst();
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new IllegalStateException("unsupported kustomize field '" + f + "' in " + file);
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else {
                Yaml.readAll(p).forEach(n -> out.add((ObjectNode) n));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(out, patch, file);
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(res -> setImage(res, image));
        }
        for (JsonNode replicas : k.path("replicas")) {
            setReplicas(out, replicas, file);
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            out.stream().filter(res -> !CLUSTER_SCOPED.contains(res.path("kind").asText()))
                    .forEach(res -> ((ObjectNode) res.get("metadata")).put("namespace", ns));
        }
        return out;
    }

    private static void applyPatch(List<ObjectNode> resources, JsonNode patch, Path file) {
        JsonNode target = patch.path("target");
        String kind = target.path("kind").asText(null);
        String name = target.path("name").asText(null);
        if (kind == null || !patch.hasNonNull("patch")) {
            throw new IllegalStateException("a patch in " + file + " needs target.kind and an inline patch: " + patch);
        }
        JsonNode ops = Yaml.read(patch.get("patch").asText());
        int matched = 0;
        for (ObjectNode res : resources) {
            if (kind.equals(res.path("kind").asText())
                    && (name == null || name.equals(res.path("metadata").path("name").asText()))) {
                JsonPatch.apply(res, (ArrayNode) ops);
                matched++;
            }
        }
        if (matched == 0) {
            // kustomize ignores a patch without a target; here that is a typo to report.
            throw new IllegalStateException("patch target " + target + " in " + file + " matches no resource");
        }
    }

    /** kustomize's image transformer: every container and init container whose image name matches. */
    private static void setImage(JsonNode node, JsonNode image) {
        if (node instanceof ObjectNode obj) {
            for (String field : List.of("containers", "initContainers")) {
                for (JsonNode c : obj.path(field)) {
                    rewriteImage((ObjectNode) c, image);
                }
            }
            obj.elements().forEachRemaining(child -> setImage(child, image));
        } else if (node instanceof ArrayNode arr) {
            arr.forEach(child -> setImage(child, image));
        }
    }

    private static void rewriteImage(ObjectNode container, JsonNode image) {
        String current = container.path("image").asText("");
        String name = image.get("name").asText();
        int colon = current.lastIndexOf(':');
        boolean hasTag = colon > current.lastIndexOf('/');
        String repo = hasTag ? current.substring(0, colon) : current;
        if (!repo.equals(name)) {
            return;
        }
        String newRepo = image.path("newName").asText(repo);
        String tag = image.hasNonNull("newTag") ? ":" + image.get("newTag").asText()
                : hasTag ? current.substring(colon) : "";
        container.set("image", TextNode.valueOf(newRepo + tag));
    }

    private static void setReplicas(List<ObjectNode> resources, JsonNode replicas, Path file) {
        String name = replicas.get("name").asText();
        ObjectNode target = resources.stream()
                .filter(r -> Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(r.path("kind").asText()))
                .filter(r -> name.equals(r.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("replicas for '" + name + "' in " + file
                        + ": no such Deployment"));
        ((ObjectNode) target.get("spec")).put("replicas", replicas.get("count").asInt());
    }
}
