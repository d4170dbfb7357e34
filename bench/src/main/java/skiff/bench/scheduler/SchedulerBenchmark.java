package skiff.bench.scheduler;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;

/**
 * Scheduling throughput and latency, shaped like k/k test/integration/scheduler_perf SchedulingBasic: a Skiff server
 * in this JVM (embedded store, no kubelet, the scheduler running), N simulated nodes (8 cpu, 32Gi, 110 pods), then
 * P pods of the scheduler_perf default template (100m cpu, 500Mi memory) created by 16 clients as fast as the
 * server takes them. Latency is from a create's acknowledgement to the moment a watch sees the pod's nodeName;
 * throughput is pods bound per second from the first create to the last binding.
 */
public final class SchedulerBenchmark {
    private static final int CREATORS = 16;
    private static final Duration DEADLINE = Duration.ofMinutes(15);

    private final Scale scale;
    private final Clock clock;

    public SchedulerBenchmark(Scale scale, Clock clock) {
        this.scale = scale;
        this.clock = clock;
    }

    public void run() throws Exception {
        int pods = scale.count(10_000);
        ResultTable table = new ResultTable("Scheduler: " + pods + " pods onto simulated nodes (scheduler_perf "
                + "SchedulingBasic shape; create ack -> binding seen by a watch)",
                "nodes", "register nodes", "create rate", "scheduled/s", "p50", "p99", "max", "unscheduled");
        for (int nodes : nodeCounts()) {
            runOnce(scale.count(nodes), pods, table);
        }
        table.print(System.out);
    }

    private void runOnce(int nodes, int pods, ResultTable table) throws Exception {
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.EMBEDDED,
                o -> o.withKubelet(KubeletOptions.disabled()));
                KubernetesClient simClient = patientClient(server);
                KubernetesClient client = patientClient(server)) {
            long registerStart = clock.nanoTime();
            try (NodeSimulator sim = NodeSimulator.start(simClient, SimulatorConfig.of(nodes).withNamePrefix("bench"),
                    clock)) {
                Duration register = Duration.ofNanos(clock.nanoTime() - registerStart);
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata()
                        .build()).create();
                Map<String, Long> acknowledged = new ConcurrentHashMap<>();
                Map<String, Long> bound = new ConcurrentHashMap<>();
                CountDownLatch allBound = new CountDownLatch(pods);
                try (Watch watch = client.pods().inNamespace("bench").watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        String node = pod.getSpec().getNodeName();
                        if (node != null && !node.isEmpty()
                                && bound.putIfAbsent(pod.getMetadata().getName(), clock.nanoTime()) == null) {
                            allBound.countDown();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
                    long createStart = clock.nanoTime();
                    createPods(client, pods, acknowledged);
                    long createEnd = clock.nanoTime();
                    allBound.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    long lastBound = bound.values().stream().mapToLong(Long::longValue).max().orElse(createEnd);
                    long[] latencies = acknowledged.entrySet().stream().filter(e -> bound.containsKey(e.getKey()))
                            .mapToLong(e -> Math.max(0, bound.get(e.getKey()) - e.getValue())).toArray();
                    Latencies l = Latencies.of(latencies, Duration.ofNanos(lastBound - createStart), 0);
                    double createRate = pods / ((createEnd - createStart) / 1e9);
                    table.row(Integer.toString(nodes), Format.millis(register), Format.rate(createRate),
                            Format.rate(bound.size() / ((lastBound - createStart) / 1e9)), Format.millis(l.p50()),
                            Format.millis(l.p99()), Format.millis(l.max()), Integer.toString(pods - bound.size()));
                }
            }
        }
    }

    /** {@code -Dskiff.bench.scheduler.nodes=1000,5000} (the default) picks the cluster sizes. */
    private static List<Integer> nodeCounts() {
        return java.util.Arrays.stream(System.getProperty("skiff.bench.scheduler.nodes", "1000,5000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
    }

    // Streamed HTTP watches as client-go uses, and a long request timeout: the machine may be busy.
    private static KubernetesClient patientClient(SkiffServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.clientConfig())
                .withOnlyHttpWatches(true).withRequestTimeout(120_000).build()).build();
    }

    private void createPods(KubernetesClient client, int pods, Map<String, Long> acknowledged)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Runnable> workers = new ArrayList<>();
        for (int w = 0; w < CREATORS; w++) {
            workers.add(() -> {
                for (int i = next.getAndIncrement(); i < pods; i = next.getAndIncrement()) {
                    String name = "pod-" + i;
                    client.pods().inNamespace("bench").resource(pod(name)).create();
                    acknowledged.put(name, clock.nanoTime());
                }
            });
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            workers.forEach(pool::execute);
        }
    }

    // k/k test/integration/scheduler_perf/config/templates/pod-default.yaml: one container, 100m cpu, 500Mi memory.
    private static Pod pod(String name) {
        return new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                        .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"),
                                "memory", new Quantity("500Mi"))).endResources()
                    .endContainer()
                .endSpec()
                .build();
    }
}
