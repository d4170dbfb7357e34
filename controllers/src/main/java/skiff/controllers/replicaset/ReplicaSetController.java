package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.selector.LabelSelector;
import skiff.client.events.EventRecorder;
import skiff.client.pods.PodReadiness;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ApiPodControl;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerRefManager;
import skiff.controllers.framework.ManagedController;

/**
 * Keeps {@code spec.replicas} active pods for every ReplicaSet, or with {@link #forReplicationControllers} for
 * every ReplicationController (k/k pkg/controller/replicaset/replica_set.go; pkg/controller/replication). Informer
 * handlers only note observed creations and deletions in the expectations and enqueue the sets concerned.
 */
public final class ReplicaSetController<T extends HasMetadata> implements ManagedController {
    public static final String REPLICASET = "replicaset";
    public static final String REPLICATIONCONTROLLER = "replicationcontroller";
    // k/k replica_set.go BurstReplicas: at most this many creations or deletions per sync.
    static final int BURST_REPLICAS = 500;
    // k/k cmd/kube-controller-manager: --concurrent-replicaset-syncs and --concurrent-rc-syncs default to 5.
    private static final int WORKERS = 5;
    // k/k replica_set.go updatePod: look again one second after minReadySeconds, once the pod is available.
    private static final Duration AVAILABILITY_SLACK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetController.class);

    private final ReplicaSetKind<T> kind;
    private final SharedIndexInformer<T> sets;
    private final SharedIndexInformer<Pod> pods;
    private final RateLimitingQueue<String> queue;
    private final ControllerExpectations expectations;
    private final EventRecorder events;
    private final Controller<String> runner;

    private ReplicaSetController(ControllerContext context, ReplicaSetKind<T> kind, String component) {
        this.kind = kind;
        this.sets = context.informers().forType(kind.type());
        this.pods = context.informers().forType(Pod.class);
        this.queue = context.queue("replicaset");
        this.expectations = new ControllerExpectations(context.clock());
        this.events = context.eventRecorder(component);
        KubernetesClient client = context.client();
        ApiPodControl podControl = new ApiPodControl(client);
        InformerCaches caches = new InformerCaches();
        ReplicaSetScaler scaler = new ReplicaSetScaler(caches, podControl, expectations, events, context.clock(),
                BURST_REPLICAS);
        ReplicaSetSync sync = new ReplicaSetSync(caches, new Api(client), podControl, expectations, scaler,
                context.clock());
        sets.addEventHandler(new SetChanges());
        pods.addEventHandler(new PodChanges());
        this.runner = context.<String>controller(kind.controllerName())
                .queue(queue)
                .informers(List.of(sets, pods))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    public static ReplicaSetController<ReplicaSet> forReplicaSets(ControllerContext context) {
        return new ReplicaSetController<>(context, AppsReplicaSetKind.INSTANCE, "replicaset-controller");
    }

    public static ReplicaSetController<ReplicationController> forReplicationControllers(ControllerContext context) {
        return new ReplicaSetController<>(context, ReplicationControllerKind.INSTANCE, "replication-controller");
    }

    @Override
    public void start() {
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
        events.close();
    }

    private static String key(HasMetadata object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    private static String podKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** The set a controller reference points at, if it is of our kind and still the same object (same uid). */
    private Optional<ReplicaSet> resolve(String namespace, OwnerReference ref) {
        if (!Objects.equals(ref.getKind(), kind.kind())) {
            return Optional.empty();
        }
        T set = sets.getIndexer().getByKey(namespace + "/" + ref.getName());
        if (set == null || !Objects.equals(set.getMetadata().getUid(), ref.getUid())) {
            return Optional.empty();
        }
        return Optional.of(kind.toReplicaSet(set));
    }

    /** The sets whose selector matches an orphan pod (k/k replica_set.go getPodReplicaSets). */
    private List<ReplicaSet> selecting(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels == null || labels.isEmpty()) {
            return List.of();
        }
        List<ReplicaSet> matching = sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())
                .stream().map(kind::toReplicaSet).filter(rs -> selects(rs, labels)).toList();
        if (matching.size() > 1) {
            // k/k replica_set.go getPodReplicaSets: overlapping selectors are the user's error; each set may adopt.
            LOG.warn("pod={} is selected by more than one {}: {}", podKey(pod), kind.kind(),
                    matching.stream().map(rs -> rs.getMetadata().getName()).toList());
        }
        return matching;
    }

    private static boolean selects(ReplicaSet rs, Map<String, String> labels) {
        try {
            LabelSelector selector = LabelSelector.fromFabric8(rs.getSpec().getSelector());
            return !selector.isEverything() && selector.matches(labels);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A set that appears, changes or goes is synced; a deleted one's expectations are dropped. */
    private final class SetChanges implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T set) {
            queue.add(key(set));
        }

        @Override
        public void onUpdate(T old, T set) {
            queue.add(key(set));
        }

        @Override
        public void onDelete(T set, boolean finalStateUnknown) {
            expectations.delete(key(set));
            queue.add(key(set));
        }
    }

    /** Pod events: observed creations and deletions lower the expectations of the owning set (k/k addPod etc.). */
    private final class PodChanges implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            // A pod that shows up already being deleted counts as its deletion.
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                onDelete(pod, false);
                return;
            }
            Optional<OwnerReference> ref = ControllerRefManager.controllerOf(pod);
            if (ref.isPresent()) {
                resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(rs -> {
                    expectations.creationObserved(key(rs));
                    queue.add(key(rs));
                });
                return;
            }
            // An orphan: every set that selects it may want to adopt it; orphans never count as observations.
            selecting(pod).forEach(rs -> queue.add(key(rs)));
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                return;
            }
            boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels());
            // k/k replica_set.go updatePod: a graceful delete shows up as an update setting deletionTimestamp.
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                onDelete(pod, false);
                if (labelsChanged) {
                    onDelete(old, false);
                }
                return;
            }
            Optional<OwnerReference> ref = ControllerRefManager.controllerOf(pod);
            Optional<OwnerReference> oldRef = ControllerRefManager.controllerOf(old);
            boolean refChanged = !Objects.equals(ref.map(OwnerReference::getUid), oldRef.map(OwnerReference::getUid));
            if (refChanged && oldRef.isPresent()) {
                resolve(old.getMetadata().getNamespace(), oldRef.get()).ifPresent(rs -> queue.add(key(rs)));
            }
            if (ref.isPresent()) {
                resolve(pod.getMetadata().getNamespace(), ref.get()).ifPresent(rs -> {
                    queue.add(key(rs));
                    int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
                    if (minReady > 0 && !PodReadiness.isReady(old) && PodReadiness.isReady(pod)) {
                        queue.addAfter(key(rs), Duration.ofSeconds(minReady).plus(AVAILABILITY_SLACK));
                    }
                });
                return;
            }
            if (labelsChanged || refChanged) {
                selecting(pod).forEach(rs -> queue.add(key(rs)));
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            ControllerRefManager.controllerOf(pod)
                    .flatMap(ref -> resolve(pod.getMetadata().getNamespace(), ref))
                    .ifPresent(rs -> {
                        expectations.deletionObserved(key(rs), podKey(pod));
                        queue.add(key(rs));
                    });
        }
    }

    /** Reads for the sync, from the informer caches. */
    private final class InformerCaches implements ReplicaSetCaches {
        @Override
        public ReplicaSet replicaSet(String key) {
            T set = sets.getIndexer().getByKey(key);
            return set == null ? null : kind.toReplicaSet(set);
        }

        @Override
        public List<ReplicaSet> replicaSetsIn(String namespace) {
            return sets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream().map(kind::toReplicaSet)
                    .toList();
        }

        @Override
        public List<Pod> podsIn(String namespace) {
            return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
        }
    }

    /** The set's own writes, through the API. */
    private final class Api implements ReplicaSetApi {
        private final KubernetesClient client;

        Api(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public ReplicaSet fetch(String namespace, String name) {
            return kind.fetch(client, namespace, name);
        }

        @Override
        public void writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
            kind.writeStatus(client, rs, status);
        }
    }
}
