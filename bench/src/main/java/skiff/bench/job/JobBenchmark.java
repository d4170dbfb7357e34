package skiff.bench.job;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A Job of N completions with parallelism P on simulated nodes (a Skiff server in this JVM with its controllers and
 * scheduler, no kubelet; {@link NodeSimulator} nodes report bound pods Running, and this benchmark, standing in for
 * the containers' exit, sets every Running pod Succeeded). Time from the Job's create to its Complete condition,
 * against the same N pods created directly by 16 clients and finished the same way, until all N are Succeeded.
 */
public final class JobBenchmark {
    private static final String NAMESPACE = "bench-jobs";
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 3;
    private static final Duration DEADLINE = Duration.ofMinutes(15);

    private final Scale scale;
    private final Clock clock;

    public JobBenchmark(Scale scale, Clock clock) {
        this.scale = scale;
        this.clock = clock;
    }

    public void run() throws Exception {
        int completions = scale.count(1_000);
        int parallelism = Math.max(1, completions / 10);
        int nodes = Integer.getInteger("skiff.bench.job.nodes", 100);
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.EMBEDDED,
                o -> o.withKubelet(KubeletOptions.disabled()));
                KubernetesClient simClient = patientClient(server);
                KubernetesClient client = patientClient(server);
                NodeSimulator sim = NodeSimulator.start(simClient, SimulatorConfig.of(nodes).withNamePrefix("jobs"),
                        clock);
                PodFinisher finisher = new PodFinisher(client)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            finisher.start();
            List<Duration> jobTimes = new ArrayList<>();
            List<Duration> directTimes = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                jobTimes.add(jobRound(client, "job-" + round, completions, parallelism));
                directTimes.add(directRound(client, finisher, "direct-" + round, completions));
                System.out.printf("job: round %d Job %s, direct %s, load average %s%n", round,
                        Format.millis(jobTimes.getLast()), Format.millis(directTimes.getLast()), LoadAverage.now());
            }
            ResultTable table = new ResultTable("Job: " + completions + " completions, parallelism " + parallelism
                    + ", on " + nodes + " simulated nodes (pods finish as soon as they run)", "run", "round 1",
                    "round 2", "round 3", "median");
            table.row(row("Job → Complete", jobTimes));
            table.row(row("same pods created directly (" + CLIENTS + " clients) → all Succeeded", directTimes));
            table.print(System.out);
        }
    }

    private static String[] row(String label, List<Duration> times) {
        List<String> cells = new ArrayList<>(List.of(label));
        times.forEach(t -> cells.add(Format.millis(t)));
        cells.add(Format.millis(times.stream().sorted().toList().get(times.size() / 2)));
        return cells.toArray(String[]::new);
    }

    private Duration jobRound(KubernetesClient client, String name, int completions, int parallelism)
            throws InterruptedException {
        long start = clock.nanoTime();
        client.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism)
                    .withTemplate(template(Map.of("job", name)))
                .endSpec().build()).create();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
            if (job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                    .stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))) {
                Duration took = Duration.ofNanos(clock.nanoTime() - start);
                client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete();
                return took;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("job " + name + " not complete within " + DEADLINE);
    }

    private Duration directRound(KubernetesClient client, PodFinisher finisher, String prefix, int count)
            throws Exception {
        PodTemplateSpec template = template(Map.of("direct", prefix));
        finisher.expect(prefix, count);
        long start = clock.nanoTime();
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < CLIENTS; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                                .withMetadata(template.getMetadata()).editMetadata().withName(prefix + "-" + i)
                                .endMetadata().withSpec(template.getSpec()).build()).create();
                    }
                }));
            }
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        finisher.awaitSucceeded(prefix, DEADLINE);
        Duration took = Duration.ofNanos(clock.nanoTime() - start);
        client.pods().inNamespace(NAMESPACE).withLabel("direct", prefix).delete();
        return took;
    }

    private static KubernetesClient patientClient(SkiffServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.clientConfig())
                .withOnlyHttpWatches(true).withRequestTimeout(120_000).build()).build();
    }

    // k/k test/integration/scheduler_perf pod-default.yaml, with restartPolicy Never as a Job's pods need.
    private static PodTemplateSpec template(Map<String, String> labels) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                        .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"),
                                "memory", new Quantity("500Mi"))).endResources()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** Watches the namespace's pods and sets each Running one Succeeded, as its container's exit would. */
    private static final class PodFinisher implements AutoCloseable {
        private final KubernetesClient client;
        private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        private final Set<String> finishing = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicInteger> succeededByPrefix = new ConcurrentHashMap<>();
        private final Map<String, Integer> expected = new ConcurrentHashMap<>();
        private Watch watch;

        PodFinisher(KubernetesClient client) {
            this.client = client;
        }

        void start() {
            watch = client.pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                    if ("Running".equals(phase) && finishing.add(pod.getMetadata().getUid())) {
                        writers.submit(() -> finish(pod));
                    } else if ("Succeeded".equals(phase)) {
                        String direct = pod.getMetadata().getLabels().get("direct");
                        if (direct != null && finishing.remove(pod.getMetadata().getUid())) {
                            succeededByPrefix.computeIfAbsent(direct, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }

                @Override
                public void onClose(WatcherException cause) {}
            });
        }

        private void finish(Pod pod) {
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String patch = "{\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"pause\","
                    + "\"image\":\"registry.k8s.io/pause:3.10\",\"imageID\":\"\",\"ready\":false,\"restartCount\":0,"
                    + "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\",\"startedAt\":\"" + now
                    + "\",\"finishedAt\":\"" + now + "\"}}}]}}";
            try {
                client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).subresource("status")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    finishing.remove(pod.getMetadata().getUid());
                }
            }
        }

        void expect(String prefix, int count) {
            succeededByPrefix.put(prefix, new AtomicInteger());
            expected.put(prefix, count);
        }

        void awaitSucceeded(String prefix, Duration deadline) throws InterruptedException {
            Instant end = Instant.now().plus(deadline);
            while (succeededByPrefix.get(prefix).get() < expected.get(prefix)) {
                if (Instant.now().isAfter(end)) {
                    throw new IllegalStateException(prefix + ": not all pods Succeeded within " + deadline);
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() {
            if (watch != null) {
                watch.close();
            }
            writers.close();
        }
    }
}
