package skiff.bench.scheduler;

import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.controllers.BuiltinControllers;
import skiff.scheduler.Scheduler;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;

/**
 * Scheduling throughput and latency, shaped like k/k test/integration/scheduler_perf SchedulingBasic: a Skiff server
 * in this JVM (embedded store, no kubelet and, as in scheduler_perf, no controllers), N simulated nodes (8 cpu, 32Gi,
 * 110 pods), and a scheduler that is an API client of the server with its own client. Two phases per cluster size,
 * each with P pods of the scheduler_perf default template (100m cpu, 500Mi memory):
 * <ul>
 *   <li>streaming: the scheduler runs while 16 clients create the pods as fast as the server takes them; latency is
 *       from a create's acknowledgement to the moment a watch sees the pod's nodeName;</li>
 *   <li>backlog: the scheduler is stopped, the pods are created, then a new scheduler starts and works through them
 *       (scheduler_perf's creators outpace its scheduler, so what it measures is a scheduler with work waiting).</li>
 * </ul>
 * Throughput is sampled every second from the first binding to the last ({@link SchedulingThroughput}); "bound/s"
 * is all bindings over the phase's wall time; "Scheduled events" counts the pods' Scheduled events already written
 * when the last pod is bound (the scheduler writes them off its critical path, so some may still be on their way).
 */
public final class SchedulerBenchmark {
    private static final int CREATORS = 16;
    private static final Duration DEADLINE = Duration.ofMinutes(15);
    // Pod name prefixes, one per phase.
    private static final String STREAMING = "stream-";
    private static final String BACKLOG = "backlog-";

    private final Scale scale;
    private final Clock clock;

    public SchedulerBenchmark(Scale scale, Clock clock) {
        this.scale = scale;
        this.clock = clock;
    }

    public void run() throws Exception {
        int pods = scale.count(10_000);
        ResultTable table = new ResultTable("Scheduler: " + pods + " pods per phase onto simulated nodes "
                + "(scheduler_perf SchedulingBasic shape; SchedulingThroughput sampled each second; latency create ack "
                + "-> binding seen by a watch)",
                "nodes", "phase", "register nodes", "create rate", "bound/s", "throughput avg", "p50", "p90", "p99",
                "latency p50", "latency p99", "latency max", "unscheduled", "Scheduled events");
        for (int nodes : nodeCounts()) {
            runOnce(scale.count(nodes), pods, table);
        }
        table.print(System.out);
    }

    private void runOnce(int nodes, int pods, ResultTable table) throws Exception {
        Set<String> noControllers = new HashSet<>(BuiltinControllers.names());
        noControllers.add(SkiffServerOptions.SCHEDULER);
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.EMBEDDED,
                o -> o.withKubelet(KubeletOptions.disabled()).withDisabledControllers(noControllers));
                KubernetesClient simClient = patientClient(server);
                KubernetesClient schedulerClient = patientClient(server);
                KubernetesClient client = patientClient(server)) {
            long registerStart = clock.nanoTime();
            try (NodeSimulator sim = NodeSimulator.start(simClient, simulatorConfig(nodes), clock)) {
                String register = Format.millis(Duration.ofNanos(clock.nanoTime() - registerStart));
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata()
                        .build()).create();
                Map<String, Long> bound = new ConcurrentHashMap<>();
                Map<String, AtomicInteger> boundCount = Map.of(STREAMING, new AtomicInteger(),
                        BACKLOG, new AtomicInteger());
                try (Watch watch = client.pods().inNamespace("bench").watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        String node = pod.getSpec().getNodeName();
                        String name = pod.getMetadata().getName();
                        if (node != null && !node.isEmpty() && bound.putIfAbsent(name, clock.nanoTime()) == null) {
                            boundCount.get(name.substring(0, name.indexOf('-') + 1)).incrementAndGet();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
                    streaming(nodes, pods, register, schedulerClient, client, bound,
                            boundCount.get(STREAMING), table);
                    backlog(nodes, pods, schedulerClient, client, bound, boundCount.get(BACKLOG), table);
                }
            }
        }
    }

    private void streaming(int nodes, int pods, String register, KubernetesClient schedulerClient,
            KubernetesClient client, Map<String, Long> bound, AtomicInteger scheduled, ResultTable table)
            throws Exception {
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        try (Scheduler scheduler = Scheduler.start(schedulerClient, clock, new Random());
                SchedulingThroughput throughput = SchedulingThroughput.start(clock,
                        scheduled::get, pods)) {
            long createStart = clock.nanoTime();
            createPods(client, STREAMING, pods, acknowledged);
            long createEnd = clock.nanoTime();
            awaitBound(scheduled, pods);
            long lastBound = lastWithPrefix(bound, STREAMING, createEnd);
            long events = scheduledEvents(client, STREAMING);
            long[] latencies = acknowledged.entrySet().stream().filter(e -> bound.containsKey(e.getKey()))
                    .mapToLong(e -> Math.max(0, bound.get(e.getKey()) - e.getValue())).toArray();
            Latencies l = Latencies.of(latencies, Duration.ofNanos(lastBound - createStart), 0);
            row(table, nodes, "streaming", register, pods / ((createEnd - createStart) / 1e9),
                    scheduled.get() / ((lastBound - createStart) / 1e9), throughput.sorted(),
                    new String[] {Format.millis(l.p50()), Format.millis(l.p99()), Format.millis(l.max())},
                    pods - scheduled.get(), events);
        }
    }

    private void backlog(int nodes, int pods, KubernetesClient schedulerClient, KubernetesClient client,
            Map<String, Long> bound, AtomicInteger scheduled, ResultTable table) throws Exception {
        long createStart = clock.nanoTime();
        createPods(client, BACKLOG, pods, new ConcurrentHashMap<>());
        long createEnd = clock.nanoTime();
        long schedulerStart = clock.nanoTime();
        try (Scheduler scheduler = Scheduler.start(schedulerClient, clock, new Random());
                SchedulingThroughput throughput = SchedulingThroughput.start(clock,
                        scheduled::get, pods)) {
            awaitBound(scheduled, pods);
            long lastBound = lastWithPrefix(bound, BACKLOG, schedulerStart);
            long events = scheduledEvents(client, BACKLOG);
            row(table, nodes, "backlog", "-", pods / ((createEnd - createStart) / 1e9),
                    scheduled.get() / ((lastBound - schedulerStart) / 1e9), throughput.sorted(),
                    new String[] {"-", "-", "-"}, pods - scheduled.get(), events);
        }
    }

    private static void row(ResultTable table, int nodes, String phase, String register, double createRate,
            double boundRate, double[] samples, String[] latency, int unscheduled, long events) {
        table.row(Integer.toString(nodes), phase, register, Format.rate(createRate), Format.rate(boundRate),
                Format.rate(SchedulingThroughput.average(samples)),
                Format.rate(SchedulingThroughput.percentile(samples, 50)),
                Format.rate(SchedulingThroughput.percentile(samples, 90)),
                Format.rate(SchedulingThroughput.percentile(samples, 99)), latency[0], latency[1], latency[2],
                Integer.toString(unscheduled), Long.toString(events));
    }

    /** The Scheduled events written so far for the phase's pods, counted once its last pod is bound. */
    private static long scheduledEvents(KubernetesClient client, String prefix) {
        long count = 0;
        String next = null;
        do {
            EventList page = client.v1().events().inNamespace("bench")
                    .list(new ListOptionsBuilder().withLimit(2000L).withContinue(next).build());
            count += page.getItems().stream().filter(e -> "Scheduled".equals(e.getReason())
                    && e.getInvolvedObject().getName().startsWith(prefix)).count();
            next = page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return count;
    }

    private void awaitBound(AtomicInteger scheduled, int pods) throws InterruptedException {
        long deadline = clock.nanoTime() + DEADLINE.toNanos();
        while (scheduled.get() < pods && clock.nanoTime() < deadline) {
            clock.sleep(Duration.ofMillis(50));
        }
    }

    private static long lastWithPrefix(Map<String, Long> bound, String prefix, long otherwise) {
        return bound.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue)
                .max().orElse(otherwise);
    }

    /**
     * The simulated nodes, renewing their Leases every 10 minutes instead of a kubelet's 10 s: scheduler_perf's nodes
     * are bare Node objects with no heartbeat at all, and no controller here reads the Leases, while renewing them at
     * the kubelet's pace would be 100 (1,000 nodes) to 500 (5,000 nodes) writes a second competing with the pods.
     * Their status is checked as rarely: no controller here changes it.
     */
    private static SimulatorConfig simulatorConfig(int nodes) {
        return SimulatorConfig.of(nodes).withNamePrefix("bench")
                .withIntervals(Duration.ofMinutes(10), Duration.ofMinutes(10));
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

    private void createPods(KubernetesClient client, String prefix, int pods, Map<String, Long> acknowledged) {
        AtomicInteger next = new AtomicInteger();
        List<Runnable> workers = new ArrayList<>();
        for (int w = 0; w < CREATORS; w++) {
            workers.add(() -> {
                for (int i = next.getAndIncrement(); i < pods; i = next.getAndIncrement()) {
                    String name = prefix + i;
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
