package dev.spacetime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer on small kustomizations whose kustomize output is known. */
class KustomizeTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                    - name: web
                      image: docker.io/acme/web:1.0
                    - name: side
                      image: busybox
            """;

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void overlayAppliesNamespaceImagesReplicasAndPatchesToItsBase() throws IOException {
        write("base/kustomization.yaml", "resources: [web.yaml]\n");
        write("base/web.yaml", DEPLOYMENT);
        write("overlay/kustomization.yaml", """
                namespace: team
                resources: [../base]
                images:
                  - name: docker.io/acme/web
                    newName: reg.local/web
                    newTag: "2.0"
                replicas:
                  - name: web
                    count: 3
                patches:
                  - target: {kind: Deployment}
                    patch: |-
                      - op: add
                        path: /spec/template/spec/containers/-
                        value: {name: extra, image: docker.io/acme/web}
                      - op: remove
                        path: /spec/template/spec/containers/1
                """);
        List<ObjectNode> out = Kustomize.render(dir.resolve("overlay"));
        assertEquals(1, out.size());
        ObjectNode d = out.getFirst();
        assertEquals("team", d.at("/metadata/namespace").asText());
        assertEquals(3, d.at("/spec/replicas").asInt());
        assertEquals("reg.local/web:2.0", d.at("/spec/template/spec/containers/0/image").asText());
        // The appended container had no tag: it gets the new one, like kustomize.
        assertEquals("extra", d.at("/spec/template/spec/containers/1/name").asText());
        assertEquals("reg.local/web:2.0", d.at("/spec/template/spec/containers/1/image").asText());
        assertEquals(2, d.at("/spec/template/spec/containers").size());
    }

    @Test
    void anUnsupportedFieldFailsTheRenderNamingIt() throws IOException {
        write("k/kustomization.yaml", "resources: []\nnamePrefix: x-\n");
        var e = assertThrows(IllegalStateException.class, () -> Kustomize.render(dir.resolve("k")));
        assertTrue(e.getMessage().contains("'namePrefix'"), e.getMessage());
    }

    @Test
    void aPatchThatMatchesNothingOrAMissingPathFails() throws IOException {
        write("a/web.yaml", DEPLOYMENT);
        write("a/kustomization.yaml", """
                resources: [web.yaml]
                patches:
                  - target: {kind: Deployment, name: nope}
                    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 2}]'
                """);
        var e = assertThrows(IllegalStateException.class, () -> Kustomize.render(dir.resolve("a")));
        assertTrue(e.getMessage().contains("matches no resource"), e.getMessage());

        write("b/web.yaml", DEPLOYMENT);
        write("b/kustomization.yaml", """
                resources: [web.yaml]
                patches:
                  - target: {kind: Deployment}
                    patch: '[{"op": "replace", "path": "/spec/paused", "value": true}]'
                """);
        e = assertThrows(IllegalStateException.class, () -> Kustomize.render(dir.resolve("b")));
        assertTrue(e.getMessage().contains("/spec/paused"), e.getMessage());
    }
}
