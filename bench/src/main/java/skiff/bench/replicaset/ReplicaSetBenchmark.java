package skiff.bench.replicaset;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.LoadAverage;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;

/**
 * A ReplicaSet scaled from 0 to N pods and back to 0 on simulated nodes (a Skiff server in this JVM with its
 * controllers and scheduler, no kubelet; {@link NodeSimulator} nodes report bound pods Running and Ready and confirm
 * graceful deletions). Two watches time, from the scale request, every pod in the API, bound, Running and Ready and
 * the set's {@code status.readyReplicas}; then, from the scale to 0, every pod gone and {@code status.replicas} 0.
 * The reference, in the same server and the same rounds: the same N pods created and then deleted directly through
 * the API by 16 clients, the floor the controller works against.
 */
public final class ReplicaSetBenchmark {
    private static final String NAMESPACE = "bench";
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 3;
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final String IN_API = "all in API";
    private static final String BOUND = "all bound";
    private static final String READY = "all Running+Ready";
    private static final String STATUS_READY = "status.readyReplicas";
    private static final String GONE = "all gone";
    private static final String STATUS_ZERO = "status.replicas 0";
    private static final List<String> COLUMNS = List.of(IN_API, BOUND, READY, STATUS_READY, GONE, STATUS_ZERO);

    private final Scale scale;
    private final Clock clock;

    public ReplicaSetBenchmark(Scale scale, Clock clock) {
        this.scale = scale;
        this.clock = clock;
    }

    public void run() throws Exception {
        int replicas = scale.count(1_000);
        int nodes = Integer.getInteger("skiff.bench.replicaset.nodes", 100);
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.EMBEDDED,
                o -> o.withKubelet(KubeletOptions.disabled()));
                KubernetesClient simClient = patientClient(server);
                KubernetesClient client = patientClient(server)) {
            long registerStart = clock.nanoTime();
            try (NodeSimulator sim = NodeSimulator.start(simClient, SimulatorConfig.of(nodes).withNamePrefix("bench"),
                    clock)) {
                System.out.printf("replicaset: %d simulated nodes registered in %s%n", nodes,
                        Format.millis(Duration.ofNanos(clock.nanoTime() - registerStart)));
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                        .endMetadata().build()).create();
                Map<String, List<Map<String, Duration>>> results = new LinkedHashMap<>();
                try (PodCensus census = PodCensus.watch(client, NAMESPACE, clock)) {
                    for (int round = 1; round <= ROUNDS; round++) {
                        results.computeIfAbsent("ReplicaSet", k -> new ArrayList<>())
                                .add(replicaSetRound(client, census, "rs-" + round, replicas));
                        System.out.printf("replicaset: round %d ReplicaSet %s, load average %s%n", round,
                                readable(results.get("ReplicaSet").getLast()), LoadAverage.now());
                        results.computeIfAbsent("direct, " + CLIENTS + " clients", k -> new ArrayList<>())
                                .add(directRound(client, census, "direct-" + round, replicas));
                        System.out.printf("replicaset: round %d direct %s, load average %s%n", round,
                                readable(results.get("direct, " + CLIENTS + " clients").getLast()), LoadAverage.now());
                    }
                }
                print(replicas, nodes, results);
                printEvents(client);
            }
        }
    }

    private Map<String, Duration> replicaSetRound(KubernetesClient client, PodCensus census, String name,
            int replicas) throws InterruptedException {
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(0)
                    .withNewSelector().addToMatchLabels("set", name).endSelector()
                    .withTemplate(template(Map.of("set", name)))
                .endSpec().build()).create();
        Map<String, Duration> times = new LinkedHashMap<>();
        long up = clock.nanoTime();
        // The scale subresource, as kubectl scale uses it.
        client.apps().replicaSets().inNamespace(NAMESPACE).withName(name).scale(replicas);
        times.putAll(census.await(up, upConditions(replicas, Map.of(STATUS_READY,
                c -> c.status(name).map(s -> readyReplicas(s) == replicas).orElse(false))), DEADLINE));
        long down = clock.nanoTime();
        client.apps().replicaSets().inNamespace(NAMESPACE).withName(name).scale(0);
        times.putAll(census.await(down, downConditions(Map.of(STATUS_ZERO,
                c -> c.status(name).map(s -> Objects.requireNonNullElse(s.getReplicas(), 0) == 0
                        && readyReplicas(s) == 0).orElse(false))), DEADLINE));
        return times;
    }

    private Map<String, Duration> directRound(KubernetesClient client, PodCensus census, String prefix,
            int replicas) throws InterruptedException, ExecutionException {
        PodTemplateSpec template = template(Map.of("direct", prefix));
        String names = prefix + "-";
        Map<String, Duration> times = new LinkedHashMap<>();
        long up = clock.nanoTime();
        inParallel(replicas, i -> client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withMetadata(template.getMetadata()).editMetadata().withName(names + i).endMetadata()
                .withSpec(template.getSpec()).build()).create());
        times.putAll(census.await(up, upConditions(replicas, Map.of()), DEADLINE));
        long down = clock.nanoTime();
        inParallel(replicas, i -> client.pods().inNamespace(NAMESPACE).withName(names + i).delete());
        times.putAll(census.await(down, downConditions(Map.of()), DEADLINE));
        return times;
    }

    private static Map<String, Predicate<PodCensus>> upConditions(int replicas,
            Map<String, Predicate<PodCensus>> more) {
        Map<String, Predicate<PodCensus>> conditions = new LinkedHashMap<>();
        conditions.put(IN_API, c -> c.existing() == replicas);
        conditions.put(BOUND, c -> c.scheduled() == replicas);
        conditions.put(READY, c -> c.runningReady() == replicas);
        conditions.putAll(more);
        return conditions;
    }

    private static Map<String, Predicate<PodCensus>> downConditions(Map<String, Predicate<PodCensus>> more) {
        Map<String, Predicate<PodCensus>> conditions = new LinkedHashMap<>();
        conditions.put(GONE, c -> c.existing() == 0);
        conditions.putAll(more);
        return conditions;
    }

    private static int readyReplicas(ReplicaSetStatus status) {
        return Objects.requireNonNullElse(status.getReadyReplicas(), 0);
    }

    /** One pod's work, by index. */
    private interface PodCall {
        void run(int index);
    }

    /** Runs {@code call} for indexes 0 to count - 1 on {@link #CLIENTS} threads; the first failure ends the run. */
    private static void inParallel(int count, PodCall call) throws InterruptedException, ExecutionException {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < CLIENTS; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        call.run(i);
                    }
                }));
            }
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
    }

    private void print(int replicas, int nodes, Map<String, List<Map<String, Duration>>> results) {
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(COLUMNS);
        ResultTable table = new ResultTable("ReplicaSet: 0 -> " + replicas + " -> 0 pods on " + nodes
                + " simulated nodes (time from the scale request, or the first create/delete, to the watch "
                + "showing it)", header.toArray(String[]::new));
        for (Map.Entry<String, List<Map<String, Duration>>> e : results.entrySet()) {
            List<Map<String, Duration>> rounds = e.getValue();
            for (int r = 0; r < rounds.size(); r++) {
                table.row(cells(e.getKey() + " #" + (r + 1), rounds.get(r), e.getKey().startsWith("direct")));
            }
            Map<String, Duration> medians = new LinkedHashMap<>();
            for (String column : COLUMNS) {
                List<Duration> seen = rounds.stream().map(m -> m.get(column)).filter(Objects::nonNull).sorted()
                        .toList();
                if (seen.size() == rounds.size()) {
                    medians.put(column, seen.get(seen.size() / 2));
                }
            }
            table.row(cells("**" + e.getKey() + ", median**", medians, e.getKey().startsWith("direct")));
        }
        table.print(System.out);
        System.out.println("- a blank cell does not apply; `not reached` means not within " + DEADLINE.toMinutes()
                + " min");
    }

    private static String readable(Map<String, Duration> times) {
        return times.entrySet().stream().map(e -> e.getKey() + " " + Format.millis(e.getValue())).toList().toString();
    }

    private static String[] cells(String label, Map<String, Duration> times, boolean direct) {
        List<String> cells = new ArrayList<>(List.of(label));
        for (String column : COLUMNS) {
            Duration d = times.get(column);
            cells.add(d != null ? Format.millis(d)
                    : direct && (column.equals(STATUS_READY) || column.equals(STATUS_ZERO)) ? "" : "not reached");
        }
        return cells.toArray(String[]::new);
    }

    /** The Events about each ReplicaSet, by reason: how many Event objects, and the sum of their counts. */
    private static void printEvents(KubernetesClient client) {
        List<Event> events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
        Map<String, Map<String, int[]>> bySet = new TreeMap<>();
        for (Event e : events) {
            if (!"ReplicaSet".equals(e.getInvolvedObject().getKind())) {
                continue;
            }
            int[] objectsAndCount = bySet.computeIfAbsent(e.getInvolvedObject().getName(), k -> new TreeMap<>())
                    .computeIfAbsent(e.getReason(), k -> new int[2]);
            objectsAndCount[0]++;
            objectsAndCount[1] += Objects.requireNonNullElse(e.getCount(), 1);
        }
        System.out.printf("%nEvents in namespace %s at the end: %d in all; about the ReplicaSets "
                + "(reason: Event objects / sum of count):%n", NAMESPACE, events.size());
        bySet.forEach((set, reasons) -> System.out.printf("- %s: %s%n", set, reasons.entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .map(r -> r.getKey() + " " + r.getValue()[0] + " / " + r.getValue()[1]).toList()));
    }

    // Streamed HTTP watches as client-go uses, and a long request timeout: the machine may be busy.
    private static KubernetesClient patientClient(SkiffServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.clientConfig())
                .withOnlyHttpWatches(true).withRequestTimeout(120_000).build()).build();
    }

    // k/k test/integration/scheduler_perf/config/templates/pod-default.yaml: one container, 100m cpu, 500Mi memory.
    private static PodTemplateSpec template(Map<String, String> labels) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                        .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"),
                                "memory", new Quantity("500Mi"))).endResources()
                    .endContainer()
                .endSpec()
                .build();
    }
}
