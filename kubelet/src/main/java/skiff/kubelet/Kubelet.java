package skiff.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.kubelet.config.ClientApiObjects;
import skiff.kubelet.event.ApiEventRecorder;
import skiff.kubelet.lifecycle.HandlerRunner;
import skiff.kubelet.lifecycle.LifecycleHooks;
import skiff.kubelet.node.MachineInfo;
import skiff.kubelet.node.NodeLeaseRenewer;
import skiff.kubelet.node.NodeRegistrar;
import skiff.kubelet.node.NodeStatusReporter;
import skiff.kubelet.prober.ProbeManager;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.server.KubeletServer;
import skiff.kubelet.server.KubeletServingCertificate;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.status.StatusManager;
import skiff.kubelet.sync.GracePeriod;
import skiff.kubelet.sync.PodConditions;
import skiff.kubelet.sync.PodSync;
import skiff.kubelet.sync.PodSyncer;
import skiff.kubelet.sync.RestartBackoff;
import skiff.kubelet.worker.PodWorkers;

/**
 * The node agent: registers the Node and keeps its status and Lease fresh, watches the pods bound to the node and
 * runs them through the container runtime, one worker per pod. It talks to the API server only through the
 * client it is given.
 */
public final class Kubelet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(30);
    private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(2);

    private final KubeletConfig config;
    private final ContainerRuntime runtime;
    private final ApiEventRecorder events;
    private final PodWorkers workers;
    private final ProbeManager probes;
    private final RestartBackoff backoff;
    private final List<AutoCloseable> loops = new ArrayList<>();
    private final KubeletServer server;
    private SharedIndexInformer<Pod> informer;

    private Kubelet(KubeletConfig config, ApiEventRecorder events, PodWorkers workers, ProbeManager probes,
            RestartBackoff backoff, KubeletServer server) {
        this.server = server;
        this.config = config;
        this.runtime = config.runtime();
        this.events = events;
        this.workers = workers;
        this.probes = probes;
        this.backoff = backoff;
    }

    /** Registers the node and starts running its pods; returns once the pod informer has synced. */
    public static Kubelet start(KubeletConfig config, KubernetesClient client) {
        ContainerRuntime runtime = config.runtime();
        MachineInfo machine = MachineInfo.detect(config.rootDir());
        KubeletServingCertificate certificate = KubeletServingCertificate.loadOrCreate(config.rootDir(),
                config.nodeName(), config.nodeIp(), config.clock().now());
        // The pods this node runs, for the server; the informer is there before the first request can name a pod.
        AtomicReference<SharedIndexInformer<Pod>> pods = new AtomicReference<>();
        KubeletServer server = KubeletServer.start(config.nodeIp(), config.serverPort(), certificate,
                config.clientCaPem(), runtime, (namespace, name) -> Optional.ofNullable(pods.get())
                        .map(i -> i.getStore().getByKey(namespace + "/" + name)), config.clock());
        try {
            return start(config, client, machine, certificate, server, pods);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Kubelet start(KubeletConfig config, KubernetesClient client, MachineInfo machine,
            KubeletServingCertificate certificate, KubeletServer server,
            AtomicReference<SharedIndexInformer<Pod>> pods) {
        ContainerRuntime runtime = config.runtime();
        NodeRegistrar registrar = new NodeRegistrar(client, config.nodeName(), machine,
                Map.of(KubeletServingCertificate.FINGERPRINT_ANNOTATION, certificate.sha256()));
        AtomicReference<Node> node = new AtomicReference<>(StartupRetry.call("node registration", STARTUP_DEADLINE,
                config.clock(), registrar::register));
        NodeStatusReporter reporter = new NodeStatusReporter(client, registrar, machine, config.nodeName(),
                config.nodeIp(), server.port(), runtime.type() + "://" + runtime.version(), config.clock());
        node.set(StartupRetry.call("node status", STARTUP_DEADLINE, config.clock(), reporter::report));
        NodeLeaseRenewer lease = new NodeLeaseRenewer(client, config.nodeName(), node::get, config.clock());
        StartupRetry.call("node lease", STARTUP_DEADLINE, config.clock(), lease::renew);

        ApiEventRecorder events = new ApiEventRecorder(client, config.nodeName(), config.clock());
        RestartBackoff backoff = new RestartBackoff(config.clock());
        HandlerRunner handlers = new HandlerRunner(runtime, config.clock());
        ProbeManager probes = new ProbeManager(runtime, handlers, events, config.clock());
        PodSyncer syncer = new PodSyncer(runtime, backoff, new LifecycleHooks(handlers), events,
                new ClientApiObjects(client), config.clock(), config.nodeIp());
        PodSync sync = new PodSync(runtime, syncer, backoff, probes, probes,
                new StatusManager(client, PodConditions.OWNED), config.clock(), config.nodeIp());
        PodWorkers workers = new PodWorkers(sync, runtime, config.clock(), config.podResyncPeriod());
        probes.onChange(workers::trigger);
        Kubelet kubelet = new Kubelet(config, events, workers, probes, backoff, server);
        runtime.onContainerExit(workers::trigger);
        events.record(new ObjectReferenceBuilder().withKind("Node").withName(config.nodeName())
                .withUid(config.nodeName()).build(), "Normal", "Starting", "Starting kubelet.");

        kubelet.loops.add(new PeriodicTask("node-status", config.statusUpdatePeriod(), config.clock(),
                () -> node.set(reporter.report())));
        kubelet.loops.add(new PeriodicTask("node-lease", config.leaseRenewPeriod(), config.clock(), lease::renew));
        kubelet.informer = StartupRetry.call("pod informer", STARTUP_DEADLINE, config.clock(),
                () -> client.pods().inAnyNamespace().withField("spec.nodeName", config.nodeName())
                        .inform(kubelet.handler(), 0));
        pods.set(kubelet.informer);
        kubelet.loops.add(new PeriodicTask("housekeeping", HOUSEKEEPING_PERIOD, config.clock(),
                kubelet::housekeeping));
        kubelet.housekeeping();
        LOG.info("kubelet started node={} runtime={} root={}", config.nodeName(), runtime.type(), config.rootDir());
        return kubelet;
    }

    public String nodeName() {
        return config.nodeName();
    }

    /** The port of the kubelet's HTTPS server (logs, exec). */
    public int serverPort() {
        return server.port();
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    private ResourceEventHandler<Pod> handler() {
        // Handlers only hand the pod to its worker.
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                probes.update(pod);
                workers.update(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                probes.update(pod);
                workers.update(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                workers.remove(pod);
                probes.remove(pod);
            }
        };
    }

    // k/k pkg/kubelet/kubelet.go HandlePodCleanups: sandboxes of pods the API no longer has (deleted while the
    // kubelet was down) go away.
    private void housekeeping() {
        Set<String> known = new HashSet<>();
        informer.getStore().list().forEach(p -> known.add(p.getMetadata().getUid()));
        known.addAll(workers.uids());
        for (String uid : runtime.sandboxes()) {
            if (!known.contains(uid) && runtime.podStatus(uid).running().isEmpty()) {
                LOG.info("removing the sandbox of a pod the API no longer has uid={}", uid);
                runtime.removeSandbox(uid);
                backoff.forgetPod(uid);
            }
        }
        backoff.gc();
    }

    /** Stops watching, stops the pod workers and, if configured, every running container. */
    @Override
    public void close() {
        server.close();
        if (informer != null) {
            informer.close();
        }
        for (AutoCloseable loop : loops) {
            try {
                loop.close();
            } catch (Exception e) {
                LOG.warn("cannot stop {}", loop, e);
            }
        }
        probes.close();
        workers.close();
        if (config.stopPodsOnClose()) {
            stopAllContainers();
        }
        events.close();
        runtime.close();
        LOG.info("kubelet stopped node={}", config.nodeName());
    }

    private void stopAllContainers() {
        Duration grace = config.shutdownGracePeriod();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String uid : runtime.sandboxes()) {
                for (RuntimeContainer c : runtime.podStatus(uid).running()) {
                    Pod pod = informer == null ? null : informer.getStore().list().stream()
                            .filter(p -> p.getMetadata().getUid().equals(uid)).findFirst().orElse(null);
                    Duration podGrace = pod == null ? grace : GracePeriod.forPod(pod);
                    Duration use = podGrace.compareTo(grace) < 0 ? podGrace : grace;
                    pool.execute(() -> runtime.stopContainer(c.id(), use));
                }
            }
        }
    }
}
