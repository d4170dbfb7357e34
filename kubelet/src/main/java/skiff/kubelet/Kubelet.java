package skiff.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.ApiEventSink;
import skiff.client.informers.InformerRestarts;
import skiff.image.ImageGcPolicy;
import skiff.image.OciImageStore;
import skiff.kubelet.config.ClientApiObjects;
import skiff.kubelet.config.ContainerConfigs;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.token.ProjectedTokenRefresher;
import skiff.kubelet.event.EventRecorder;
import skiff.kubelet.images.ImageGc;
import skiff.kubelet.images.ImageManager;
import skiff.kubelet.images.PullBackoff;
import skiff.kubelet.lifecycle.HandlerRunner;
import skiff.kubelet.lifecycle.LifecycleHooks;
import skiff.kubelet.node.MachineInfo;
import skiff.kubelet.node.NodeImages;
import skiff.kubelet.node.NodeLeaseRenewer;
import skiff.kubelet.node.NodeRegistrar;
import skiff.kubelet.node.NodeStatusReporter;
import skiff.kubelet.prober.ProbeManager;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.metrics.KubeletMetrics;
import skiff.kubelet.server.KubeletAuthenticator;
import skiff.kubelet.server.KubeletAuthorizer;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.server.KubeletServer;
import skiff.kubelet.server.KubeletServingCertificate;
import skiff.kubelet.server.ResourceStatsHandler;
import skiff.kubelet.staticpod.ConfigAnnotations;
import skiff.kubelet.staticpod.MirrorPodClient;
import skiff.kubelet.staticpod.MirrorPodReconciler;
import skiff.kubelet.staticpod.StaticPodSource;
import skiff.kubelet.staticpod.StaticPodStatuses;
import skiff.kubelet.stats.NodeUsage;
import skiff.kubelet.stats.ResourceStats;
import skiff.kubelet.status.StatusManager;
import skiff.kubelet.sync.GracePeriod;
import skiff.kubelet.sync.PodConditions;
import skiff.kubelet.sync.PodSync;
import skiff.kubelet.sync.PodSyncer;
import skiff.kubelet.sync.RestartBackoff;
import skiff.kubelet.worker.PodSemantics;
import skiff.kubelet.worker.PodWorkers;

/**
 * The node agent: runs the pods bound to its node, one worker per pod, from two sources: the API server (pods with
 * this spec.nodeName) and, if configured, the static pod manifests of a directory, mirrored into the API. Static pods
 * run at once; what needs the API server (the Node, its status and Lease, the pod informer, mirror pods) comes up as
 * soon as the API server answers, however long that takes. It talks to the API server only through the client it is
 * given.
 */
public final class Kubelet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(30);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);

    private final KubeletConfig config;
    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final skiff.client.events.EventRecorder apiEvents;
    private final EventRecorder events;
    private final RestartBackoff backoff;
    private final ProjectedTokenRefresher tokenRefresher;
    private final ProbeManager probes;
    private final StatusManager statusManager;
    private final StaticPodStatuses statuses;
    private final PodWorkers workers;
    private final MirrorPodReconciler mirrors;
    private final KubeletServingCertificate certificate;
    private final KubeletServer server;
    private final KubeletMetrics metrics;
    private final AtomicReference<Node> node = new AtomicReference<>();
    private final List<AutoCloseable> loops = new CopyOnWriteArrayList<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final SharedIndexInformer<Service> services;
    private volatile SharedIndexInformer<Pod> informer;
    private StaticPodSource staticPods;
    private Thread connector;
    private volatile boolean closed;

    private Kubelet(KubeletConfig config, KubernetesClient client) {
        this.config = config;
        this.client = client;
        this.runtime = config.runtime();
        // The shared recorder (skiff.client.events): client-go's correlation and spam filter, source kubelet and
        // this node.
        this.apiEvents = new skiff.client.events.EventRecorder(new ApiEventSink(client), config.clock(), "kubelet",
                config.nodeName(), Executors.newSingleThreadExecutor(Thread.ofVirtual().name("events").factory()));
        this.events = apiEvents::event;
        this.backoff = new RestartBackoff(config.clock());
        HandlerRunner handlers = new HandlerRunner(runtime, config.clock());
        this.probes = new ProbeManager(runtime, handlers, events, config.clock());
        // k/k 1.32 pkg/kubelet/kubelet.go NewMainKubelet: an informer over every Service, for containers' Service
        // variables; started once the API server answers (connect).
        this.services = InformerRestarts.install("kubelet", client.services().inAnyNamespace().runnableInformer(0));
        ClientApiObjects objects = new ClientApiObjects(client, services, config.clock());
        this.tokenRefresher = new ProjectedTokenRefresher(runtime, objects.tokens(), pod -> new ContainerConfigs.Context(
                pod, runtime.sandbox(pod.getMetadata().getUid()).map(Sandbox::ip).orElse(config.nodeIp()),
                config.nodeIp(), objects, config.nodeSettings()));
        PodSyncer syncer = new PodSyncer(runtime, backoff, new LifecycleHooks(handlers), events, objects, config.clock(), config.nodeIp(), config.nodeSettings(),
                config.images() == null ? null : new ImageManager(config.images().store(), config.images().puller(),
                        events, new PullBackoff(config.clock()), config.clock()));
        this.statusManager = new StatusManager(client, PodConditions.OWNED);
        this.statuses = new StaticPodStatuses(statusManager, this::mirrorOf);
        this.metrics = new KubeletMetrics(runtime, config.clock());
        PodSync sync = new PodSync(runtime, syncer, backoff, probes, probes, statuses, config.clock(),
                config.nodeIp(), metrics);
        this.workers = new PodWorkers(sync, runtime, config.clock(), config.podResyncPeriod());
        this.mirrors = new MirrorPodReconciler(this::staticPodList, this::mirrorPodList, node::get,
                new MirrorPodClient(client));
        probes.onChange(workers::trigger);
        runtime.onContainerExit(workers::trigger);
        try {
            PrivateFiles.restrict(PrivateFiles.directories(config.rootDir()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the kubelet's directory " + config.rootDir(), e);
        }
        this.certificate = KubeletServingCertificate.loadOrCreate(config.rootDir(), config.nodeName(),
                config.nodeIp(), config.clock().now());
        this.server = KubeletServer.start(config.nodeIp(), config.serverPort(), certificate, config.clientCaPem(),
                runtime, this::runningPod, config.clock(), metrics, new KubeletAuthenticator(client),
                new KubeletAuthorizer(client, config.nodeName()),
                new ResourceStatsHandler(new ResourceStats(config.nodeName(), runtime, this::podsOnNode,
                        new NodeUsage(Path.of("/proc")), config.rootDir(), config.clock())));
    }

    /**
     * Starts the kubelet: its static pods at once, and, on a thread of its own, everything that needs the API server
     * (see {@link #awaitConnected(Duration)}).
     */
    public static Kubelet start(KubeletConfig config, KubernetesClient client) {
        Kubelet kubelet = new Kubelet(config, client);
        if (config.podManifestPath() != null) {
            kubelet.staticPods = new StaticPodSource(config.podManifestPath(), config.nodeName(), config.clock(),
                    kubelet.staticPodListener());
            kubelet.staticPods.start();
        }
        // A platform thread: the node's registration must not wait for a carrier behind busy pod workers.
        kubelet.connector = Thread.ofPlatform().name("kubelet-api").daemon().start(kubelet::connect);
        LOG.info("kubelet started node={} runtime={} root={} staticPods={}", config.nodeName(), kubelet.runtime.type(),
                config.rootDir(), config.podManifestPath());
        return kubelet;
    }

    /**
     * Waits until the Node is registered and the pods bound to it are known: true once the API part of the kubelet
     * runs, false if it did not come up within {@code timeout}.
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return connected.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
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

    // k/k pkg/kubelet/kubelet.go registerWithAPIServer, then the informer of the node's pods: each step retried for
    // as long as the API server does not answer.
    private void connect() {
        try {
            MachineInfo machine = MachineInfo.detect(config.rootDir());
            NodeRegistrar registrar = new NodeRegistrar(client, config.nodeName(), machine,
                    Map.of(KubeletServingCertificate.FINGERPRINT_ANNOTATION, certificate.sha256()));
            node.set(StartupRetry.call("node registration", config.clock(), registrar::register));
            // Pods whose containers waited for the Services' first list (CreateContainerConfigError) start as soon
            // as it is in rather than at their next retry.
            services.start().thenRun(workers::triggerAll);
            NodeStatusReporter reporter = new NodeStatusReporter(client, registrar, machine, config.nodeName(),
                    config.nodeIp(), server.port(), runtime.type() + "://" + runtime.version(),
                    () -> config.images() == null ? List.of() : NodeImages.of(config.images().store().images()),
                    config.clock());
            node.set(StartupRetry.call("node status", config.clock(), reporter::report));
            NodeLeaseRenewer lease = new NodeLeaseRenewer(client, config.nodeName(), node::get, config.clock());
            StartupRetry.call("node lease", config.clock(), lease::renew);
            events.record(nodeReference(), "Normal", "Starting", "Starting kubelet.");
            loops.add(new PeriodicTask("node-status", config.statusUpdatePeriod(), config.clock(),
                    () -> node.set(reporter.report())));
            loops.add(new PeriodicTask("node-lease", config.leaseRenewPeriod(), config.clock(), lease::renew));
            // The informer retries its own list and watch for as long as it runs (InformerRestarts); run() returns
            // once it has the node's pods, or throws when close() stops it first.
            informer = InformerRestarts.install("kubelet", client.pods().inAnyNamespace()
                    .withField("spec.nodeName", config.nodeName()).runnableInformer(0));
            informer.addEventHandler(handler());
            if (closed) {
                informer.close();
                return;
            }
            try {
                informer.run();
            } catch (KubernetesClientException e) {
                if (closed) {
                    return;
                }
                throw e;
            }
            loops.add(new PeriodicTask("housekeeping", HOUSEKEEPING_PERIOD, config.clock(), this::housekeeping));
            if (config.images() != null && config.images().store() instanceof OciImageStore store) {
                ImageGc gc = new ImageGc(store, runtime, ImageGcPolicy.defaults(), config.clock());
                loops.add(new PeriodicTask("image-gc", ImageGc.PERIOD, config.clock(), gc::collectLogged));
            }
            housekeeping();
            mirrors.start();
            mirrors.trigger();
            connected.countDown();
            LOG.info("kubelet connected to the API server node={} uid={}", config.nodeName(),
                    node.get().getMetadata().getUid());
        } catch (InterruptedException e) {
            LOG.info("kubelet stopped before it reached the API server node={}", config.nodeName());
        }
    }

    private ResourceEventHandler<Pod> handler() {
        // Handlers only hand the pod to its worker. Mirror pods are the API's copies of static pods, which run from
        // their manifests: they only tell the mirror pods' reconciler, and the static pod's worker that its status
        // has somewhere to go.
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (ConfigAnnotations.isMirror(pod)) {
                    mirrors.trigger();
                    staticPodOf(pod).ifPresent(s -> workers.trigger(s.getMetadata().getUid()));
                    return;
                }
                probes.update(pod);
                workers.update(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (ConfigAnnotations.isMirror(pod)) {
                    mirrors.trigger();
                    return;
                }
                // Probes read the pod IP from the status.
                probes.update(pod);
                if (PodSemantics.differ(old, pod)) {
                    workers.update(pod);
                } else {
                    // Status-only: most often the kubelet's own status write coming back.
                    workers.reconcile(pod, PodConditions.readyOutdated(pod));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                if (ConfigAnnotations.isMirror(pod)) {
                    mirrors.trigger();
                    return;
                }
                workers.remove(pod);
                probes.remove(pod);
            }
        };
    }

    private StaticPodSource.Listener staticPodListener() {
        return new StaticPodSource.Listener() {
            @Override
            public void added(Pod pod) {
                probes.update(pod);
                workers.update(pod);
                mirrors.trigger();
            }

            @Override
            public void removed(Pod pod) {
                workers.remove(pod);
                probes.remove(pod);
                statuses.forget(pod.getMetadata().getUid());
                mirrors.trigger();
            }

            @Override
            public void invalid(Path file, String problem) {
                events.record(nodeReference(), "Warning", "FailedStaticPodManifest", problem);
            }
        };
    }

    private List<Pod> staticPodList() {
        return staticPods == null ? List.of() : staticPods.pods();
    }

    // The pods whose containers this kubelet runs: static pods as themselves (their mirrors have other UIDs), and
    // the API's pods bound here.
    private List<Pod> podsOnNode() {
        SharedIndexInformer<Pod> pods = informer;
        List<Pod> out = new ArrayList<>(staticPodList());
        if (pods != null) {
            pods.getStore().list().stream().filter(p -> !ConfigAnnotations.isMirror(p)).forEach(out::add);
        }
        return out;
    }

    private List<Pod> mirrorPodList() {
        SharedIndexInformer<Pod> pods = informer;
        return pods == null ? List.of() : pods.getStore().list().stream().filter(ConfigAnnotations::isMirror).toList();
    }

    // k/k pkg/kubelet/pod/pod_manager.go GetMirrorPodByPod: the API pod of the static pod's name, if it mirrors
    // this very static pod.
    private Optional<Pod> mirrorOf(Pod staticPod) {
        SharedIndexInformer<Pod> pods = informer;
        if (pods == null) {
            return Optional.empty();
        }
        Pod mirror = pods.getStore().getByKey(staticPod.getMetadata().getNamespace() + "/"
                + staticPod.getMetadata().getName());
        return Optional.ofNullable(mirror).filter(ConfigAnnotations::isMirror)
                .filter(m -> ConfigAnnotations.hash(m).equals(ConfigAnnotations.hash(staticPod)));
    }

    // The pod the kubelet server's logs and exec name: a static pod by its (mirror's) name, with the status the
    // kubelet keeps for it (k/k pkg/kubelet/kubelet_pods.go GetContainerLogs 1.32 resolves the static pod and takes
    // its status from the status manager: the file has none), else an API pod.
    private Optional<Pod> runningPod(String namespace, String name) {
        Optional<Pod> staticPod = staticPodList().stream()
                .filter(p -> p.getMetadata().getNamespace().equals(namespace) && p.getMetadata().getName().equals(name))
                .findFirst().map(statuses::withReportedStatus);
        SharedIndexInformer<Pod> pods = informer;
        if (staticPod.isPresent() || pods == null) {
            return staticPod;
        }
        // k/k pkg/kubelet/kubelet_pods.go GetContainerLogs (1.32): the status manager's status, else the pod's, so a
        // status just written (a restart's lastState) is what logs --previous goes by, not an older cached one.
        return Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + name))
                .map(pod -> statusManager.latest(pod.getMetadata().getUid())
                        .map(status -> new PodBuilder(pod).withStatus(status).build()).orElse(pod));
    }

    private Optional<Pod> staticPodOf(Pod mirror) {
        return staticPodList().stream()
                .filter(p -> p.getMetadata().getNamespace().equals(mirror.getMetadata().getNamespace())
                        && p.getMetadata().getName().equals(mirror.getMetadata().getName()))
                .findFirst();
    }

    private ObjectReference nodeReference() {
        return new ObjectReferenceBuilder().withKind("Node").withName(config.nodeName()).withUid(config.nodeName())
                .build();
    }

    // k/k pkg/kubelet/kubelet.go HandlePodCleanups: sandboxes of pods neither the API nor the manifest directory has
    // any more (deleted while the kubelet was down) go away; containers still running in them (a runtime whose
    // containers outlive the kubelet) are killed first with a grace period of one second, as the kubelet kills
    // orphaned runtime pods.
    private void housekeeping() {
        Set<String> known = new HashSet<>();
        informer.getStore().list().forEach(p -> known.add(p.getMetadata().getUid()));
        staticPodList().forEach(p -> known.add(p.getMetadata().getUid()));
        known.addAll(workers.uids());
        for (String uid : runtime.sandboxes()) {
            if (known.contains(uid)) {
                continue;
            }
            for (RuntimeContainer c : runtime.podStatus(uid).running()) {
                LOG.info("killing a container of a pod the kubelet no longer has uid={} container={}", uid, c.name());
                runtime.stopContainer(c.id(), ORPHAN_GRACE);
            }
            if (runtime.podStatus(uid).running().isEmpty()) {
                LOG.info("removing the sandbox of a pod the kubelet no longer has uid={}", uid);
                runtime.removeSandbox(uid);
                backoff.forgetPod(uid);
            }
        }
        backoff.gc();
        tokenRefresher.refresh(informer.getStore().list());
    }

    /** Stops watching, stops the pod workers and, if configured, every running container. */
    @Override
    public void close() {
        closed = true;
        server.close();
        if (staticPods != null) {
            staticPods.close();
        }
        connector.interrupt();
        try {
            connector.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mirrors.close();
        if (connector.isAlive()) {
            LOG.warn("the kubelet's API connection did not stop within 10 s node={}", config.nodeName());
        }
        if (informer != null) {
            informer.close();
        }
        services.close();
        for (AutoCloseable loop : loops) {
            try {
                loop.close();
            } catch (Exception e) {
                LOG.warn("cannot stop {}", loop, e);
            }
        }
        probes.close();
        workers.close();
        statuses.close();
        if (config.stopPodsOnClose()) {
            stopAllContainers();
        }
        apiEvents.close();
        runtime.close();
        LOG.info("kubelet stopped node={}", config.nodeName());
    }

    private void stopAllContainers() {
        Duration grace = config.shutdownGracePeriod();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String uid : runtime.sandboxes()) {
                Optional<Pod> pod = knownPod(uid);
                for (RuntimeContainer c : runtime.podStatus(uid).running()) {
                    Duration podGrace = pod.map(GracePeriod::forPod).orElse(grace);
                    Duration use = podGrace.compareTo(grace) < 0 ? podGrace : grace;
                    pool.execute(() -> runtime.stopForShutdown(c.id(), use));
                }
            }
        }
    }

    private Optional<Pod> knownPod(String uid) {
        Optional<Pod> staticPod = staticPods == null ? Optional.empty() : staticPods.pod(uid);
        if (staticPod.isPresent() || informer == null) {
            return staticPod;
        }
        return informer.getStore().list().stream().filter(p -> p.getMetadata().getUid().equals(uid)).findFirst();
    }
}
