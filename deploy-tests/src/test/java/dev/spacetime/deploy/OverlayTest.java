package dev.spacetime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.contracts.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay, rendered and parsed, against the services' configuration, contracts' topics and itself. */
class OverlayTest {

    private static final String VECTOR_FLAG = "--add-modules=jdk.incubator.vector";

    /** overlay, namespace, image tag, Secrets applied beside the overlay (prod keeps them out of the repository). */
    static Stream<Arguments> overlays() {
        return Stream.of(
                Arguments.of("dev", "spacetime-dev", "dev", null),
                Arguments.of("prod", "spacetime", "0.1.0", "overlays/prod/secrets.template.yaml"));
    }

    private static Manifests render(String overlay) {
        return Manifests.render(Repo.k8s().resolve("overlays").resolve(overlay));
    }

    private static JsonNode json(HasMetadata r) {
        return Yaml.MAPPER.valueToTree(r);
    }

    private static Container serviceContainer(Manifests m, String service) {
        List<Container> cs = m.get(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, cs.size(), service + " containers");
        return cs.getFirst();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyResourceParsesAndSitsInTheOverlayNamespace(String overlay, String namespace, String tag, String secrets) {
        Manifests m = render(overlay);
        Set<String> kinds = m.resources().stream().map(HasMetadata::getKind).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(kinds.containsAll(Set.of("Deployment", "Service", "ConfigMap", "PersistentVolumeClaim", "NetworkPolicy",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "ScaledObject", "ServiceMonitor", "Kafka",
                "KafkaNodePool", "KafkaTopic", "Cluster")), "kinds: " + kinds);
        for (HasMetadata r : m.resources()) {
            assertEquals(namespace, r.getMetadata().getNamespace(), r.getKind() + " " + r.getMetadata().getName());
        }
        // Typed where the model knows the kind: a misspelt field of a core kind would land in additionalProperties.
        assertEquals(4, m.all(Deployment.class).size());
        for (Deployment d : m.all(Deployment.class)) {
            assertTrue(d.getSpec().getAdditionalProperties().isEmpty(), d.getMetadata().getName() + " unknown fields "
                    + d.getSpec().getAdditionalProperties());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void serviceDeploymentsHaveProbesResourcesTheModuleFlagAndTheirImage(String overlay, String ns, String tag,
            String secrets) {
        Manifests m = render(overlay);
        for (String service : Repo.SERVICES) {
            Container c = serviceContainer(m, service);
            int port = Repo.httpPort(service);
            assertProbe(c.getLivenessProbe(), "/q/health/live", port, service + " liveness");
            assertProbe(c.getReadinessProbe(), "/q/health/ready", port, service + " readiness");
            assertProbe(c.getStartupProbe(), "/q/health/started", port, service + " startup");
            assertRequestsWithinLimits(c.getResources(), service);

            String opts = env(c, "JAVA_OPTS_APPEND");
            assertNotNull(opts, service + " sets no JAVA_OPTS_APPEND");
            assertTrue(List.of(opts.split("\\s+")).contains(VECTOR_FLAG), service + " JAVA_OPTS_APPEND: " + opts);

            String image = c.getImage();
            assertTrue(image.endsWith("/" + service + ":" + tag), service + " image " + image);
            assertEquals(port, c.getPorts().getFirst().getContainerPort(), service + " containerPort");
        }
        for (Deployment d : m.all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                assertNotNull(c.getLivenessProbe(), d.getMetadata().getName() + " liveness");
                assertNotNull(c.getReadinessProbe(), d.getMetadata().getName() + " readiness");
                assertRequestsWithinLimits(c.getResources(), d.getMetadata().getName());
            }
        }
    }

    private static void assertProbe(Probe probe, String path, int port, String what) {
        assertNotNull(probe, what);
        assertEquals(path, probe.getHttpGet().getPath(), what);
        assertEquals(port, probe.getHttpGet().getPort().getIntVal(), what);
    }

    private static void assertRequestsWithinLimits(ResourceRequirements r, String what) {
        for (String res : List.of("cpu", "memory")) {
            Quantity request = r.getRequests().get(res);
            Quantity limit = r.getLimits().get(res);
            assertNotNull(request, what + " request " + res);
            assertNotNull(limit, what + " limit " + res);
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                    what + " " + res + " request " + request + " > limit " + limit);
        }
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyReferencedConfigMapSecretAndClaimExists(String overlay, String ns, String tag, String secretsFile) {
        Manifests m = render(overlay);
        Map<String, Map<String, String>> configMaps = m.configMaps();
        Map<String, Set<String>> secrets = new HashMap<>(m.secretKeys());
        if (secretsFile != null) {
            secrets.putAll(Manifests.of(Yaml.readAll(Repo.k8s().resolve(secretsFile)).stream()
                    .map(n -> (com.fasterxml.jackson.databind.node.ObjectNode) n).toList()).secretKeys());
        }
        List<String> missing = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            String who = d.getMetadata().getName();
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null || e.getValueFrom().getFieldRef() != null) {
                        continue;
                    }
                    var cm = e.getValueFrom().getConfigMapKeyRef();
                    var sk = e.getValueFrom().getSecretKeyRef();
                    if (cm != null && !configMaps.getOrDefault(cm.getName(), Map.of()).containsKey(cm.getKey())) {
                        missing.add(who + " " + e.getName() + " -> ConfigMap " + cm.getName() + "/" + cm.getKey());
                    }
                    if (sk != null && !secrets.getOrDefault(sk.getName(), Set.of()).contains(sk.getKey())) {
                        missing.add(who + " " + e.getName() + " -> Secret " + sk.getName() + "/" + sk.getKey());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null && !configMaps.containsKey(from.getConfigMapRef().getName())) {
                        missing.add(who + " envFrom ConfigMap " + from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null && !secrets.containsKey(from.getSecretRef().getName())) {
                        missing.add(who + " envFrom Secret " + from.getSecretRef().getName());
                    }
                }
            }
            for (Volume v : d.getSpec().getTemplate().getSpec().getVolumes()) {
                if (v.getPersistentVolumeClaim() != null) {
                    String claim = v.getPersistentVolumeClaim().getClaimName();
                    PersistentVolumeClaim pvc = m.find(PersistentVolumeClaim.class, claim).orElse(null);
                    if (pvc == null) {
                        missing.add(who + " volume " + v.getName() + " -> PVC " + claim);
                    } else {
                        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes(), claim);
                    }
                }
                boolean optional = v.getConfigMap() != null && Boolean.TRUE.equals(v.getConfigMap().getOptional());
                if (v.getConfigMap() != null && !optional && !configMaps.containsKey(v.getConfigMap().getName())) {
                    missing.add(who + " volume " + v.getName() + " -> ConfigMap " + v.getConfigMap().getName());
                }
            }
        }
        assertEquals(List.of(), missing, "references to missing ConfigMaps/Secrets/keys/claims");
        if (secretsFile == null) {
            assertTrue(secrets.size() >= 4, "dev renders its Secrets: " + secrets.keySet());
        } else {
            assertTrue(m.secretKeys().isEmpty(), "prod must not render Secrets: " + m.secretKeys().keySet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesListenOnTheConfiguredPortsAndSelectTheirPods(String overlay, String ns, String tag, String secrets) {
        Manifests m = render(overlay);
        for (String service : Repo.SERVICES) {
            int port = Repo.httpPort(service);
            Service svc = m.get(Service.class, service);
            ServicePort sp = svc.getSpec().getPorts().getFirst();
            assertEquals(port, sp.getPort(), service + " Service port vs quarkus.http.port");
            assertEquals(port, sp.getTargetPort().getIntVal(), service + " Service targetPort");
            Map<String, String> podLabels = m.get(Deployment.class, service).getSpec().getTemplate().getMetadata()
                    .getLabels();
            assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
                    service + " Service selector " + svc.getSpec().getSelector() + " vs pod labels " + podLabels);
            JsonNode monitor = json(m.getCustom("ServiceMonitor", service));
            assertEquals(port, monitor.at("/spec/endpoints/0/targetPort").asInt(), service + " ServiceMonitor port");
            assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText(), service + " ServiceMonitor path");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaTopicsAreContractsTopics(String overlay, String ns, String tag, String secrets) {
        Manifests m = render(overlay);
        Map<String, Integer> partitions = new HashMap<>();
        for (GenericKubernetesResource t : m.custom("KafkaTopic")) {
            JsonNode j = json(t);
            assertEquals("spacetime", t.getMetadata().getLabels().get("strimzi.io/cluster"));
            partitions.put(j.at("/spec/topicName").asText(), j.at("/spec/partitions").asInt());
        }
        assertEquals(new TreeSet<>(Topics.ALL), new TreeSet<>(partitions.keySet()), "KafkaTopics vs Topics.ALL");
        for (String topic : Topics.ALL) {
            assertEquals(Topics.partitions(topic), partitions.get(topic), topic + " partitions vs Topics.partitions");
        }
        JsonNode pool = json(m.getCustom("KafkaNodePool", "dual-role"));
        Set<String> roles = new TreeSet<>();
        pool.at("/spec/roles").forEach(r -> roles.add(r.asText()));
        assertEquals(Set.of("broker", "controller"), roles, "KRaft node pool roles");
        JsonNode kafka = json(m.getCustom("Kafka", "spacetime"));
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1kraft").asText());
        int replicas = pool.at("/spec/replicas").asInt();
        int rf = kafka.at("/spec/kafka/config/default.replication.factor").asInt();
        assertTrue(rf <= replicas, "replication factor " + rf + " > nodes " + replicas);
        for (GenericKubernetesResource t : m.custom("KafkaTopic")) {
            assertTrue(json(t).at("/spec/replicas").asInt() <= replicas, t.getMetadata().getName() + " replicas");
        }
        String bootstrap = m.configMaps().get("spacetime-config").get("kafka.bootstrap.servers");
        assertEquals(kafka.at("/metadata/name").asText() + "-kafka-bootstrap:"
                + kafka.at("/spec/kafka/listeners/0/port").asInt(), bootstrap, "bootstrap servers vs the Kafka");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void trainersScaleOnTheirGroupsLagAndInferenceOnCpu(String overlay, String ns, String tag, String secrets) {
        Manifests m = render(overlay);
        Properties trainer = Repo.applicationProperties("trainer-service");
        Map<String, String> config = m.configMaps().get("spacetime-config");
        JsonNode so = json(m.getCustom("ScaledObject", "trainer-service"));
        assertEquals("trainer-service", so.at("/spec/scaleTargetRef/name").asText());
        m.get(Deployment.class, so.at("/spec/scaleTargetRef/name").asText());
        JsonNode trigger = so.at("/spec/triggers/0");
        assertEquals("kafka", trigger.path("type").asText());
        assertEquals(trainer.getProperty("mp.messaging.incoming.jobs.group.id"), trigger.at("/metadata/consumerGroup")
                .asText());
        assertEquals(trainer.getProperty("mp.messaging.incoming.jobs.topic"), trigger.at("/metadata/topic").asText());
        assertEquals(Topics.JOBS, trigger.at("/metadata/topic").asText());
        assertEquals(config.get("kafka.bootstrap.servers"), trigger.at("/metadata/bootstrapServers").asText());
        assertEquals(config.get("trainer.concurrent-jobs"), trigger.at("/metadata/lagThreshold").asText(),
                "lag threshold = worker slots per pod");
        int max = so.at("/spec/maxReplicaCount").asInt();
        assertTrue(max >= 1 && max <= Topics.partitions(Topics.JOBS),
                "maxReplicaCount " + max + " must not exceed the job partitions (idle consumers)");

        assertNull(m.get(Deployment.class, "trainer-service").getSpec().getReplicas(),
                "KEDA owns trainer-service's replicas: an apply must not reset them");
        assertNull(m.get(Deployment.class, "inference-service").getSpec().getReplicas(),
                "the HPA owns inference-service's replicas: an apply must not reset them");

        HorizontalPodAutoscaler hpa = m.get(HorizontalPodAutoscaler.class, "inference-service");
        assertEquals("inference-service", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("cpu", hpa.getSpec().getMetrics().getFirst().getResource().getName());
        assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void grafanaAndResultsServicePointAtTheResultsDatabase(String overlay, String ns, String tag, String secrets) {
        Manifests m = render(overlay);
        Map<String, String> config = m.configMaps().get("spacetime-config");
        JsonNode cluster = json(m.getCustom("Cluster", "spacetime-results"));
        String database = cluster.at("/spec/bootstrap/initdb/database").asText();
        String rw = cluster.at("/metadata/name").asText() + "-rw:5432";

        URI jdbc = URI.create(config.get("results.jdbc-url").substring("jdbc:".length()));
        assertEquals(rw, jdbc.getHost() + ":" + jdbc.getPort(), "results-service JDBC host");
        assertEquals("/" + database, jdbc.getPath(), "results-service JDBC database");
        Container results = serviceContainer(m, "results-service");
        assertEquals(cluster.at("/spec/bootstrap/initdb/secret/name").asText(),
                results.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD")).findFirst()
                        .orElseThrow().getValueFrom().getSecretKeyRef().getName(),
                "results-service logs in as the database owner CloudNativePG creates");

        // deploy/grafana/provisioning/datasources reads these variables (host:port, password of spacetime_grafana).
        Container grafana = m.get(Deployment.class, "grafana").getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
        EnvVar address = grafana.getEnv().stream().filter(e -> e.getName().equals("SPACETIME_RESULTS_DB_ADDRESS"))
                .findFirst().orElseThrow(() -> new AssertionError("Grafana has no SPACETIME_RESULTS_DB_ADDRESS"));
        assertEquals(rw, config.get(address.getValueFrom().getConfigMapKeyRef().getKey()), "Grafana datasource host");
        EnvVar password = grafana.getEnv().stream().filter(e -> e.getName().equals("SPACETIME_GRAFANA_DB_PASSWORD"))
                .findFirst().orElseThrow();
        JsonNode role = null;
        for (JsonNode r : cluster.at("/spec/managed/roles")) {
            if (r.path("name").asText().equals("spacetime_grafana")) {
                role = r;
            }
        }
        assertNotNull(role, "the Cluster manages the read-only role spacetime_grafana");
        assertEquals(role.at("/passwordSecret/name").asText(), password.getValueFrom().getSecretKeyRef().getName(),
                "Grafana's password is the role's");
        String initSql = cluster.at("/spec/bootstrap/initdb/postInitApplicationSQL").toString();
        assertTrue(initSql.contains("CREATE ROLE spacetime_grafana"), "role exists before Flyway's grants: " + initSql);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void eachServiceHasANetworkPolicyForItsPortAndABudget(String overlay, String ns, String tag, String secrets) {
        Manifests m = render(overlay);
        for (String service : Repo.SERVICES) {
            Map<String, String> podLabels = m.get(Deployment.class, service).getSpec().getTemplate().getMetadata()
                    .getLabels();
            NetworkPolicy np = m.get(NetworkPolicy.class, service);
            assertTrue(podLabels.entrySet().containsAll(np.getSpec().getPodSelector().getMatchLabels().entrySet()),
                    service + " NetworkPolicy selects its pods");
            assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes(), service);
            Set<Integer> ingressPorts = np.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream())
                    .map(NetworkPolicyPort::getPort).map(p -> p.getIntVal()).collect(Collectors.toSet());
            assertEquals(Set.of(Repo.httpPort(service)), ingressPorts, service + " admits only its HTTP port");
            Set<Integer> egressPorts = np.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                    .map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
            assertTrue(egressPorts.containsAll(Set.of(9092, 53)), service + " reaches Kafka and DNS: " + egressPorts);
            assertEquals(service.equals("results-service"), egressPorts.contains(5432),
                    service + " reaches PostgreSQL only if it is results-service: " + egressPorts);

            PodDisruptionBudget pdb = m.get(PodDisruptionBudget.class, service);
            assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                    service + " PDB selects its pods");
        }
        m.all(NetworkPolicy.class).forEach(np -> {
            if (np.getSpec().getPodSelector().getMatchLabels() == null) {
                fail(np.getMetadata().getName() + " selects every pod");
            }
        });
        assertFalse(m.all(NetworkPolicy.class).isEmpty());
    }
}
