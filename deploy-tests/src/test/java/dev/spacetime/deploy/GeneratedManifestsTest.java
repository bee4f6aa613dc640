package dev.spacetime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/k8s/base/generated holds copies of what quarkus-kubernetes writes at build time; a copy that differs from
 * its service's build output was edited by hand or not regenerated after a quarkus.kubernetes.* change. Compared as
 * YAML trees: the generator does not keep the order of label keys from one build to the next (maps compare without
 * order, lists with it).
 */
class GeneratedManifestsTest {

    static Iterable<String> services() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void committedCopyEqualsTheBuildsManifest(String service) {
        Path built = Repo.root().resolve(service).resolve("target/kubernetes/kubernetes.yml");
        Path copy = Repo.k8s().resolve("base/generated").resolve(service + ".yml");
        assertTrue(Files.isRegularFile(built), built + " is missing: build " + service + " first (the reactor does)");
        assertEquals(Yaml.readAll(built), Yaml.readAll(copy),
                copy + " differs from " + built + ": run deploy/k8s/regenerate and commit the result");
    }
}
