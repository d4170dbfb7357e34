package skiff.bench.cel;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.testing.CrdManifest;

/**
 * The cost of CRD validation with CEL rules per create: closed-loop creates of a custom kind whose schema types four
 * fields and carries two x-kubernetes-validations rules (one on the spec, one on each of its label values), against
 * creates of a ConfigMap holding the same four values as strings, on the same server in the same run, the two taking
 * turns at every level after an untimed warm-up.
 */
public final class CelBenchmark {
    private static final String NAMESPACE = "bench-cel";
    private static final CrdManifest CRD = CrdManifest.of("bench.example.com", "gauges", "Gauge").singular("gauge")
            .schemaVersion("v1", """
                    type: object
                    properties:
                      spec:
                        type: object
                        x-kubernetes-validations:
                        - {rule: "self.minReplicas <= self.maxReplicas", message: "minReplicas exceeds maxReplicas"}
                        properties:
                          minReplicas: {type: integer, minimum: 0}
                          maxReplicas: {type: integer, maximum: 100}
                          storageClass: {type: string, maxLength: 63}
                          labels:
                            type: object
                            maxProperties: 8
                            additionalProperties:
                              type: string
                              maxLength: 63
                              x-kubernetes-validations:
                              - {rule: "self.matches('^[a-z0-9-]*$')"}
                    """);

    private final Scale scale;
    private final Clock clock;

    public CelBenchmark(Workspace ws, Scale scale) {
        this.scale = scale;
        this.clock = ws.clock();
    }

    public void run() throws Exception {
        int creates = scale.count(2_000);
        ResultTable table = new ResultTable("CEL: creates of a custom kind with a schema and two x-kubernetes-"
                + "validations rules vs ConfigMaps with the same values, same server and run (memory store)",
                "kind", "clients", "creates", "creates/s", "p50", "p99", "ratio creates/s");
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o
                .withKubelet(KubeletOptions.disabled())
                .withDisabledControllers(Set.of("garbagecollector", "replicaset", "deployment", "statefulset",
                        "daemonset", "replicationcontroller", "nodelifecycle", "taint-eviction-controller", "podgc",
                        "scheduler")));
                // The CRD's create compiles its rules, the first ones in this JVM slowly on a loaded machine.
                KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                        server.clientConfig()).withRequestTimeout(120_000).build()).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            HasMetadata crd = client.load(new ByteArrayInputStream(CRD.yaml().getBytes(StandardCharsets.UTF_8)))
                    .items().get(0);
            client.resource(crd).create();
            client.apiextensions().v1().customResourceDefinitions().withName(CRD.name())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions()
                            .stream().anyMatch(x -> x.getType().equals("Established")
                                    && x.getStatus().equals("True")), 30, TimeUnit.SECONDS);
            // The kind named as the CRD defines it: fabric8's lookup by apiVersion and kind reads discovery once,
            // which may not list a CRD established a moment ago.
            ResourceDefinitionContext gaugeKind = new ResourceDefinitionContext.Builder().withGroup(CRD.group())
                    .withVersion("v1").withKind(CRD.kind()).withPlural(CRD.plural()).withNamespaced(true).build();
            IntFunction<Runnable> gauge = i -> () -> client.genericKubernetesResources(gaugeKind)
                    .inNamespace(NAMESPACE).resource(gauge("g-" + i)).create();
            IntFunction<Runnable> configMap = i -> () -> client.configMaps().inNamespace(NAMESPACE)
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("c-" + i).endMetadata()
                            .withData(Map.of("minReplicas", "1", "maxReplicas", "3", "storageClass", "fast",
                                    "labels", "tier=web"))
                            .build()).create();
            // Warm-up, untimed, until the custom kind is served and both paths are compiled.
            creates(offset(gauge, 1_000_000), 8, scale.count(500));
            creates(offset(configMap, 1_000_000), 8, scale.count(500));
            int round = 0;
            for (int clients : List.of(1, 8, 32)) {
                IntFunction<Runnable> cms = offset(configMap, round * creates);
                IntFunction<Runnable> gauges = offset(gauge, round * creates);
                Latencies plain = creates(cms, clients, creates);
                Latencies cel = creates(gauges, clients, creates);
                table.row("ConfigMap", Integer.toString(clients), Integer.toString(plain.count()),
                        Format.rate(plain.perSecond()), Format.millis(plain.p50()), Format.millis(plain.p99()),
                        "1.00");
                table.row("Gauge (schema + 2 CEL rules)", Integer.toString(clients), Integer.toString(cel.count()),
                        Format.rate(cel.perSecond()), Format.millis(cel.p50()), Format.millis(cel.p99()),
                        Format.ratio(cel.perSecond(), plain.perSecond()));
                round++;
            }
        }
        table.print(System.out);
    }

    private static GenericKubernetesResource gauge(String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("bench.example.com/v1").withKind("Gauge")
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("minReplicas", 1, "maxReplicas", 3,
                        "storageClass", "fast", "labels", Map.of("tier", "web"))))
                .build();
    }

    private static IntFunction<Runnable> offset(IntFunction<Runnable> create, int by) {
        return i -> create.apply(i + by);
    }

    private Latencies creates(IntFunction<Runnable> create, int clients, int total) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = clock.nanoTime();
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long t0 = clock.nanoTime();
                        create.apply(i).run();
                        nanos.add(clock.nanoTime() - t0);
                    }
                    return nanos.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> f : futures) {
                results.add(f.get());
            }
            return Latencies.of(results, Duration.ofNanos(clock.nanoTime() - start), 0);
        } finally {
            pool.shutdownNow();
        }
    }
}
