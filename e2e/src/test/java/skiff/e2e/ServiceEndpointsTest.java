package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The EndpointSlice and Endpoints controllers seen through kubectl. No kubelet runs: the test registers a Node (with
 * a zone) itself and reports its pods' IPs and readiness through the pods' status subresource, as a kubelet would;
 * the pods are never run, so their IPs (10.255.x.y, on no network) are never reached.
 */
class ServiceEndpointsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String NODE = "ep-node-" + SUFFIX;

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet",
            "--disable-controllers", "nodelifecycle,taint-eviction-controller,scheduler");

    private static KubernetesClient client;

    @BeforeAll
    static void registerNode() {
        client = new KubernetesClientBuilder().withConfig(skiff.server().clientConfig()).build();
        Kubectl kubectl = skiff.newKubectl();
        kubectl.succeed("create", "-f", kubectl.file("node.yaml", """
                apiVersion: v1
                kind: Node
                metadata: {name: %s, labels: {topology.kubernetes.io/zone: zone-a}}
                """.formatted(NODE)));
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void deploymentBehindAServiceThroughItsLife(Kubectl kubectl) {
        String ns = namespace(kubectl, "ep-life");
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("app.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      nodeName: %s
                      terminationGracePeriodSeconds: 600
                      containers:
                      - {name: main, image: busybox, ports: [{name: http, containerPort: 8080}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, labels: {tier: front}}
                spec:
                  selector: {app: web}
                  ipFamilies: [IPv4]
                  ports: [{name: http, port: 80, targetPort: http}]
                """.formatted(NODE)));
        await().atMost(DEADLINE).until(() -> podNames(ns).size() == 3);
        List<String> pods = podNames(ns);
        for (int i = 0; i < pods.size(); i++) {
            reportStatus(ns, pods.get(i), "10.255.0." + (i + 1), true);
        }

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "endpoints", "web", "-n", ns)
                .stdout()).contains("10.255.0.1:8080,10.255.0.2:8080,10.255.0.3:8080"));
        KubectlTable endpoints = KubectlTable.parse(kubectl.succeed("get", "endpoints", "-n", ns).stdout());
        assertThat(endpoints.header()).containsExactly("NAME", "ENDPOINTS", "AGE");
        assertThat(endpoints.rowWhere("NAME", "web").get(1))
                .isEqualTo("10.255.0.1:8080,10.255.0.2:8080,10.255.0.3:8080");
        KubectlTable slices = KubectlTable.parse(kubectl.succeed("get", "endpointslices", "-n", ns).stdout());
        assertThat(slices.header()).containsExactly("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE");
        assertThat(slices.rows()).singleElement().satisfies(row -> {
            assertThat(row.get(0)).startsWith("web-");
            assertThat(row.subList(1, 4)).containsExactly("IPv4", "8080", "10.255.0.1,10.255.0.2,10.255.0.3");
        });
        assertThat(kubectl.succeed("describe", "svc", "web", "-n", ns).stdout())
                .containsPattern("Endpoints:\\s+10.255.0.1:8080,10.255.0.2:8080,10.255.0.3:8080\\n");

        EndpointSlice slice = onlySlice(ns, "web");
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .containsEntry("tier", "front");
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Service");
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(slice.getMetadata().getAnnotations())
                .containsKey("endpoints.kubernetes.io/last-change-trigger-time");
        assertThat(slice.getEndpoints()).allSatisfy(e -> {
            assertThat(e.getZone()).isEqualTo("zone-a");
            assertThat(e.getNodeName()).isEqualTo(NODE);
            assertThat(e.getTargetRef().getKind()).isEqualTo("Pod");
            assertThat(conditions(e)).isEqualTo("ready serving");
        });

        // Readiness goes: not ready, not serving; a not-ready address of the Endpoints.
        reportStatus(ns, pods.get(0), "10.255.0.1", false);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(conditions(endpointOf(onlySlice(ns, "web"), pods.get(0)))).isEmpty();
            assertThat(kubectl.succeed("get", "endpoints", "web", "-n", ns,
                    "-o", "jsonpath={.subsets[*].notReadyAddresses[*].ip}").stdout()).isEqualTo("10.255.0.1");
        });

        // A graceful deletion (no kubelet finishes it): terminating, still serving while Ready; out of Endpoints.
        kubectl.succeed("delete", "pod", pods.get(1), "-n", ns, "--wait=false");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(conditions(endpointOf(onlySlice(ns, "web"), pods.get(1)))).isEqualTo("serving terminating");
            assertThat(kubectl.succeed("get", "endpoints", "web", "-n", ns).stdout())
                    .contains("10.255.0.3:8080").doesNotContain("10.255.0.2");
        });

        // Another selector: no pod matches, one empty slice stays; the Endpoints have no subsets.
        kubectl.succeed("patch", "svc", "web", "-n", ns, "-p", "{\"spec\":{\"selector\":{\"app\":\"other\"}}}");
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(onlySlice(ns, "web").getEndpoints()).isEmpty();
            assertThat(KubectlTable.parse(kubectl.succeed("get", "endpoints", "-n", ns).stdout())
                    .rowWhere("NAME", "web").get(1)).isEqualTo("<none>");
        });
        assertThat(KubectlTable.parse(kubectl.succeed("get", "endpointslices", "-n", ns).stdout()).rows())
                .singleElement().satisfies(row -> assertThat(row.subList(1, 4))
                        .containsExactly("IPv4", "<unset>", "<unset>"));

        // The Service goes: its slices with it (owner references), its Endpoints by the controller.
        kubectl.succeed("delete", "svc", "web", "-n", ns);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(kubectl.succeed("get", "endpointslices", "-n", ns, "-o", "name").stdout()).isEmpty();
            assertThat(kubectl.succeed("get", "endpoints", "-n", ns, "-o", "name").stdout()).isEmpty();
        });
    }

    @Test
    void twoHundredFiftyPodsNamedPortsAndNotReadyAddresses(Kubectl kubectl) {
        String ns = namespace(kubectl, "ep-many");
        // 248 pods serve "http" on 8080, two on 9090; every tenth pod is not ready.
        IntStream.range(0, 250).parallel().forEach(i -> {
            String name = "many-" + i;
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                    .withLabels(Map.of("app", "many")).endMetadata().withNewSpec().withNodeName(NODE)
                    .addNewContainer().withName("main").withImage("busybox").addNewPort().withName("http")
                    .withContainerPort(i < 2 ? 9090 : 8080).endPort().endContainer().endSpec().build()).create();
            reportStatus(ns, name, "10.255." + (1 + i / 200) + "." + (i % 200 + 1), i % 10 != 5);
        });
        // The Services come last: their first syncs usually see every pod, and pack 100, 100, 48.
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: many}
                spec:
                  selector: {app: many}
                  ipFamilies: [IPv4]
                  ports: [{name: http, port: 80, targetPort: http}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: all}
                spec:
                  selector: {app: many}
                  ipFamilies: [IPv4]
                  publishNotReadyAddresses: true
                  ports: [{name: http, port: 80, targetPort: http}]
                """));

        await().atMost(DEADLINE).untilAsserted(() -> {
            List<EndpointSlice> slices = slices(ns, "many");
            assertThat(slices.stream().mapToInt(s -> s.getEndpoints().size()).sum()).isEqualTo(250);
            Map<Integer, List<Integer>> sizesByPort = slices.stream().collect(Collectors.groupingBy(
                    s -> s.getPorts().get(0).getPort(), Collectors.mapping(s -> s.getEndpoints().size(),
                            Collectors.toList())));
            assertThat(sizesByPort.get(9090)).containsExactly(2);
            assertThat(sizesByPort.get(8080)).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(100));
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            String out = kubectl.succeed("get", "endpoints", "many", "-n", ns, "-o",
                    "jsonpath={range .subsets[*]}{.ports[0].port}={.addresses[*].ip}/{.notReadyAddresses[*].ip};{end}")
                    .stdout();
            assertThat(out).contains("9090=10.255.1.1 10.255.1.2/;");
            assertThat(out.split(";")).hasSize(2);
            assertThat(KubectlTable.parse(kubectl.succeed("get", "endpoints", "many", "-n", ns).stdout())
                    .rowWhere("NAME", "many").get(1)).endsWith(" + 222 more...");
        });
        String notReady = kubectl.succeed("get", "endpoints", "many", "-n", ns, "-o",
                "jsonpath={.subsets[*].notReadyAddresses[*].ip}").stdout();
        assertThat(notReady.split(" ")).hasSize(25).contains("10.255.1.6");

        // publishNotReadyAddresses: every pod is a ready endpoint and a ready address.
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Endpoint> all = slices(ns, "all").stream().flatMap(s -> s.getEndpoints().stream()).toList();
            assertThat(all).hasSize(250).allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
            assertThat(all).filteredOn(e -> !e.getConditions().getServing()).hasSize(25);
            assertThat(kubectl.succeed("get", "endpoints", "all", "-n", ns, "-o",
                    "jsonpath={.subsets[*].notReadyAddresses[*].ip}").stdout()).isEmpty();
        });
    }

    @Test
    void selectorlessServicesKeepTheEndpointsTheirOwnersWrite(Kubectl kubectl) {
        String ns = namespace(kubectl, "ep-manual");
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("manual.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: manual}
                spec:
                  ipFamilies: [IPv4]
                  ports: [{port: 80}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: manual}
                subsets: [{addresses: [{ip: 10.255.7.7}], ports: [{port: 80}]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: probe}
                spec:
                  selector: {app: none}
                  ipFamilies: [IPv4]
                  ports: [{port: 80}]
                """));
        // Once the controllers have synced the Service created with it, the selector-less one is left alone.
        await().atMost(DEADLINE).until(() -> slices(ns, "probe").size() == 1
                && client.endpoints().inNamespace(ns).withName("probe").get() != null);
        assertThat(slices(ns, "manual")).isEmpty();
        assertThat(KubectlTable.parse(kubectl.succeed("get", "endpoints", "-n", ns).stdout())
                .rowWhere("NAME", "manual").get(1)).isEqualTo("10.255.7.7:80");
    }

    private static String namespace(Kubectl kubectl, String prefix) {
        String ns = prefix + "-" + SUFFIX;
        kubectl.succeed("create", "namespace", ns);
        return ns;
    }

    private static List<String> podNames(String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).map(p -> p.getMetadata().getName())
                .sorted().toList();
    }

    /** What the pod's kubelet would report: Running, its IP, and its readiness since now. */
    private static void reportStatus(String ns, String pod, String ip, boolean ready) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(ns)
                .endMetadata().withStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip)
                        .withPodIPs(new PodIPBuilder().withIp(ip).build())
                        .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                                .withLastTransitionTime(now).build()).build()).build()).patchStatus();
    }

    private static List<EndpointSlice> slices(String ns, String service) {
        return client.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel("kubernetes.io/service-name", service).list().getItems();
    }

    private static EndpointSlice onlySlice(String ns, String service) {
        List<EndpointSlice> slices = slices(ns, service);
        assertThat(slices).hasSize(1);
        return slices.get(0);
    }

    private static Endpoint endpointOf(EndpointSlice slice, String pod) {
        Map<String, Endpoint> byPod = slice.getEndpoints().stream()
                .collect(Collectors.toMap(e -> e.getTargetRef().getName(), Function.identity()));
        assertThat(byPod).containsKey(pod);
        return byPod.get(pod);
    }

    /** The true conditions of an endpoint, e.g. "ready serving". */
    private static String conditions(Endpoint endpoint) {
        return ((endpoint.getConditions().getReady() ? "ready " : "")
                + (endpoint.getConditions().getServing() ? "serving " : "")
                + (endpoint.getConditions().getTerminating() ? "terminating" : "")).trim();
    }
}
