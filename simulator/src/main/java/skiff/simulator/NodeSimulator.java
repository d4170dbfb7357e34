package skiff.simulator;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.client.informers.InformerRestarts;
import skiff.client.pods.PodReadiness;

/**
 * Fake nodes, as kwok runs them: each registers a Ready Node with the configured capacity, renews its Lease in
 * kube-node-lease, keeps its status Ready as a kubelet does (writing it again when it changed, say to Unknown, or
 * every report interval), reports the pods bound to it Running and Ready (status subresource, with a pod IP, start
 * time and running containers) and confirms their graceful deletion at once (a delete with grace period 0). An API
 * client only; all nodes share one client, one node and one pod informer and a bounded number of requests in flight.
 */
public final class NodeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSimulator.class);
    /** How the simulator names itself in its log. */
    static final String COMPONENT = "node-simulator";
    private static final int REGISTER_ATTEMPTS = 5;
    private static final String NODE_INDEX = "sim/nodeName";

    private final KubernetesClient client;
    private final SimulatorConfig config;
    private final Clock clock;
    private final Map<String, Integer> nodeIndex = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final NodeLeases leases;
    private final NodeStatusReports statuses;
    private final Map<String, Boolean> podsInFlight = new ConcurrentHashMap<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots;
    private final Semaphore registrationSlots;
    private final AtomicInteger podIps = new AtomicInteger();
    private final PeriodicSweep leaseRenewer;
    private final PeriodicSweep statusUpdater;
    private SharedIndexInformer<Pod> pods;

    private NodeSimulator(KubernetesClient client, SimulatorConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.slots = new Semaphore(config.concurrency());
        // Registrations wait for slots of their own, so that thousands of them queued up do not hold back the
        // Lease renewals of the nodes already registered.
        this.registrationSlots = new Semaphore(config.concurrency());
        this.leases = new NodeLeases(client, clock);
        this.statuses = new NodeStatusReports(client, config, clock, this::nodeReadyAgain);
        this.leaseRenewer = new PeriodicSweep("sim-lease-renewer", config.leaseInterval(), this::registeredNodes,
                leases::renew, this::submit, clock);
        this.statusUpdater = new PeriodicSweep("sim-node-status", config.statusInterval(), this::registeredNodes,
                name -> statuses.sync(name, nodeIndex.get(name)), this::submit, clock);
    }

    /**
     * Registers the nodes and their Leases, then starts renewing Leases, keeping node statuses and running pods;
     * returns once all are registered.
     */
    public static NodeSimulator start(KubernetesClient client, SimulatorConfig config, Clock clock) {
        NodeSimulator sim = new NodeSimulator(client, config, clock);
        // Renewals start with the first registration: registering thousands of nodes on a busy server takes longer
        // than a Lease lasts.
        sim.statuses.start();
        sim.leaseRenewer.start();
        sim.statusUpdater.start();
        try {
            sim.registerAll();
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        sim.pods = InformerRestarts.install(COMPONENT, client.pods().inAnyNamespace().runnableInformer(0))
                .addIndexers(Map.of(NODE_INDEX, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null
                        ? List.of() : List.of(pod.getSpec().getNodeName())));
        sim.pods.addEventHandler(sim.podHandler());
        sim.pods.run();
        LOG.info("simulated nodes registered count={} prefix={}", config.nodes(), config.namePrefix());
        return sim;
    }

    public SimulatorConfig config() {
        return config;
    }

    private List<String> registeredNodes() {
        return List.copyOf(registered);
    }

    private void registerAll() {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < config.nodes(); i++) {
            int index = i;
            nodeIndex.put(config.nodeName(i), i);
            done.add(submit(registrationSlots, () -> registerWithRetries(index)));
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering nodes", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a simulated node could not register", e.getCause());
            }
        }
    }

    // A busy server may time a request out; registration is idempotent, so it is simply tried again.
    private void registerWithRetries(int index) {
        for (int attempt = 1; ; attempt++) {
            try {
                register(index);
                return;
            } catch (KubernetesClientException e) {
                boolean transientFailure = e.getCode() == 0 || e.getCode() == 409 || e.getCode() >= 500
                        || e.getCode() == 429;
                if (!transientFailure || attempt == REGISTER_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("node={} registration attempt={} failed: {}", config.nodeName(index), attempt,
                        e.getMessage());
                try {
                    clock.sleep(Duration.ofSeconds(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void register(int index) {
        String name = config.nodeName(index);
        Node wanted = SimulatedNodes.node(config, index, clock.now());
        Node node;
        try {
            node = client.nodes().resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            node = client.nodes().withName(name).get();
        }
        // Status written through its subresource, as a kubelet does; a create may drop it.
        node.setStatus(SimulatedNodes.status(config, index, null, clock.now()));
        node = client.nodes().resource(node).updateStatus();
        statuses.reported(name);
        leases.create(node);
        registered.add(name);
    }

    private ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                handle(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                handle(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                podsInFlight.remove(pod.getMetadata().getUid());
            }
        };
    }

    private void handle(Pod pod) {
        String node = pod.getSpec().getNodeName();
        Integer index = node == null ? null : nodeIndex.get(node);
        if (index == null) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (podsInFlight.put(uid, Boolean.TRUE) == null) {
                submit(() -> confirmDeletion(pod));
            }
        } else if (SimulatedPods.needsRunningStatus(pod)) {
            if (podsInFlight.put(uid, Boolean.TRUE) == null) {
                submit(() -> markRunning(pod, index));
            }
        } else if (!PodReadiness.isReady(pod) && statuses.ready(node)) {
            if (podsInFlight.put(uid, Boolean.TRUE) == null) {
                submit(() -> markReady(pod));
            }
        }
    }

    // The node lifecycle controller marks a NotReady node's pods not Ready; once the node is Ready again its pods are
    // looked at again, and the ones still not Ready are reported Ready.
    private void nodeReadyAgain(String node) {
        if (pods != null) {
            pods.getIndexer().byIndex(NODE_INDEX, node).forEach(this::handle);
        }
    }

    // k/k pkg/kubelet/status/status_manager.go syncPod/needsReconcile: the kubelet writes a pod's status again when
    // the one stored differs from its own, as it does after the node lifecycle controller's MarkPodsNotReady. Only
    // while the node shows Ready, or the controller would mark the pod not Ready again at once.
    private void markReady(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                            SimulatedPods.readyAgainPatch(pod, clock.now()));
        } catch (KubernetesClientException e) {
            LOG.debug("pod readiness not written pod={}/{} code={}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getCode());
        } finally {
            podsInFlight.remove(pod.getMetadata().getUid());
        }
    }

    private void markRunning(Pod pod, int nodeIndex) {
        try {
            int n = podIps.incrementAndGet();
            String podIp = "10." + ((n >> 16) & 127) + "." + ((n >> 8) & 255) + "." + (n & 255);
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                            SimulatedPods.runningStatusPatch(pod, SimulatedNodes.nodeIp(nodeIndex), podIp, clock.now()));
        } catch (KubernetesClientException e) {
            LOG.debug("pod status not written pod={}/{} code={}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getCode());
        } finally {
            podsInFlight.remove(pod.getMetadata().getUid());
        }
    }

    // k/k pkg/kubelet/status/status_manager.go: once the pod's containers are gone, the kubelet deletes it with
    // grace period 0; a simulated pod has nothing to stop.
    private void confirmDeletion(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            LOG.debug("pod deletion not confirmed pod={}/{} code={}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getCode());
        }
    }

    private Future<?> submit(Runnable request) {
        return submit(slots, request);
    }

    private Future<?> submit(Semaphore bound, Runnable request) {
        return requests.submit(() -> {
            try {
                bound.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                request.run();
            } finally {
                bound.release();
            }
        });
    }

    /** Stops renewing and reporting; the Nodes stay (delete them to make them go away, as with kwok). */
    @Override
    public void close() {
        leaseRenewer.close();
        statusUpdater.close();
        statuses.close();
        if (pods != null) {
            pods.close();
        }
        requests.shutdownNow();
        try {
            requests.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
