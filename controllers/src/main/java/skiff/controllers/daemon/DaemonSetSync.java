package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import skiff.api.selector.LabelSelector;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerOwner;
import skiff.controllers.framework.SyncResult;

/** One sync of one daemon set (k/k pkg/controller/daemon/daemon_controller.go syncDaemonSet). */
final class DaemonSetSync {
    private final Indexer<DaemonSet> daemonSets;
    private final Indexer<Node> nodes;
    private final Indexer<Pod> pods;
    private final Indexer<ControllerRevision> revisions;
    private final KubernetesClient client;
    private final DaemonSetHistory history;
    private final ControllerExpectations expectations;
    private final EventRecorder events;
    private final Clock clock;

    DaemonSetSync(Indexer<DaemonSet> daemonSets, Indexer<Node> nodes, Indexer<Pod> pods,
            Indexer<ControllerRevision> revisions, KubernetesClient client, ControllerExpectations expectations,
            EventRecorder events, Clock clock) {
        this.daemonSets = daemonSets;
        this.nodes = nodes;
        this.pods = pods;
        this.revisions = revisions;
        this.client = client;
        this.history = new DaemonSetHistory(client);
        this.expectations = expectations;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        DaemonSet cached = daemonSets.getByKey(key);
        if (cached == null) {
            expectations.delete(key);
            return SyncResult.done();
        }
        DaemonSet ds = new DaemonSetBuilder(cached).build();
        if (LabelSelector.fromFabric8(ds.getSpec().getSelector()).isEverything()) {
            events.event(ds, EventRecorder.WARNING, "SelectingAll",
                    "This daemon set is selecting all pods. A non-empty selector is required.");
            return SyncResult.done();
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return SyncResult.done();
        }
        List<Node> nodeList = nodes.list();
        DaemonSetHistory.Revisions revs = history.construct(ds, owned(revisions.byIndex(Cache.NAMESPACE_INDEX,
                ds.getMetadata().getNamespace()), ds));
        String hash = revs.hash();
        if (!expectations.satisfied(key)) {
            // Only the status: the controller has not acted on this generation yet.
            return writeStatus(ds, nodeList, hash, false);
        }
        manage(ds, key, nodeList, hash);
        if (expectations.satisfied(key) && DaemonSetSpecs.isRollingUpdate(ds)) {
            rollingUpdate(ds, key, nodeList, hash);
        }
        history.cleanup(ds, revs.old(), liveHashes(nodeToPods(ds)));
        return writeStatus(ds, nodeList, hash, true);
    }

    /**
     * k/k daemon_controller.go manage: a pod for every node that should run one and lacks it; failed pods, extra
     * pods and pods on nodes that should not run one are deleted.
     */
    private void manage(DaemonSet ds, String key, List<Node> nodeList, String hash) {
        Map<String, List<Pod>> byNode = nodeToPods(ds);
        List<String> create = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        Set<String> nodeNames = new HashSet<>();
        for (Node node : nodeList) {
            String name = node.getMetadata().getName();
            nodeNames.add(name);
            NodeEligibility eligibility = NodeEligibility.of(node, ds);
            List<Pod> onNode = byNode.get(name);
            if (eligibility.shouldRun() && onNode == null) {
                create.add(name);
            } else if (eligibility.shouldContinueRunning() && onNode != null) {
                delete.addAll(excessPods(ds, name, onNode, hash));
            } else if (!eligibility.shouldContinueRunning() && onNode != null) {
                onNode.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .forEach(p -> delete.add(p.getMetadata().getName()));
            }
        }
        // k/k daemon_controller.go getUnscheduledPodsWithoutNode: unscheduled pods bound to nodes that are gone.
        byNode.forEach((node, list) -> {
            if (!nodeNames.contains(node)) {
                list.stream().filter(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
                        .forEach(p -> delete.add(p.getMetadata().getName()));
            }
        });
        syncNodes(ds, key, delete, create, hash);
    }

    /**
     * k/k daemon_controller.go podsShouldBeOnNode: failed and succeeded pods go; without surge, all but the oldest
     * running pod go; with surge, the oldest updated and the oldest old pod stay.
     */
    private List<String> excessPods(DaemonSet ds, String node, List<Pod> onNode, String hash) {
        List<String> delete = new ArrayList<>();
        List<Pod> running = new ArrayList<>();
        for (Pod pod : onNode) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
                if ("Failed".equals(phase)) {
                    events.event(ds, EventRecorder.WARNING, "FailedDaemonPod", "Found failed daemon pod %s/%s on node %s, will try to kill it"
                            .formatted(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node));
                }
                delete.add(pod.getMetadata().getName());
            } else {
                running.add(pod);
            }
        }
        running.sort(DaemonPodOrder.OLDEST_FIRST);
        boolean surge = DaemonSetSpecs.budget(ds, 1).maxSurge() > 0;
        boolean keptNew = false;
        boolean keptOld = false;
        for (int i = 0; i < running.size(); i++) {
            Pod pod = running.get(i);
            if (!surge) {
                if (i > 0) {
                    delete.add(pod.getMetadata().getName());
                }
                continue;
            }
            boolean updated = DaemonPods.isUpdated(pod, hash, ds);
            if (updated && !keptNew) {
                keptNew = true;
            } else if (!updated && !keptOld) {
                keptOld = true;
            } else {
                delete.add(pod.getMetadata().getName());
            }
        }
        return delete;
    }

    /** k/k update.go rollingUpdate. */
    private void rollingUpdate(DaemonSet ds, String key, List<Node> nodeList, String hash) {
        Map<String, List<Pod>> byNode = nodeToPods(ds);
        int desired = 0;
        for (Node node : nodeList) {
            if (NodeEligibility.of(node, ds).shouldRun()) {
                desired++;
                byNode.putIfAbsent(node.getMetadata().getName(), List.of());
            }
        }
        DaemonSetRollingUpdatePlanner plan = DaemonSetRollingUpdatePlanner.plan(ds, byNode, hash,
                DaemonSetSpecs.budget(ds, desired), clock.now());
        syncNodes(ds, key, plan.podsToDelete(), plan.nodesToCreate(), hash);
    }

    /**
     * k/k daemon_controller.go syncNodes: record expectations, then create and delete, each with its event. Creations
     * go first and deletions wait for the next sync when a pass has both, so that one kind of expectation is pending
     * at a time.
     */
    private void syncNodes(DaemonSet ds, String key, List<String> delete, List<String> create, String hash) {
        String ns = ds.getMetadata().getNamespace();
        if (!create.isEmpty()) {
            expectations.expectCreations(key, create.size());
            PodTemplateSpec template = DaemonPods.template(ds, hash);
            for (String node : create) {
                try {
                    Pod created = client.pods().inNamespace(ns).resource(DaemonPods.forNode(ds, template, node))
                            .create();
                    events.event(ds, EventRecorder.NORMAL, "SuccessfulCreate",
                            "Created pod: " + created.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    expectations.creationObserved(key);
                    events.event(ds, EventRecorder.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
                }
            }
            return;
        }
        if (delete.isEmpty()) {
            return;
        }
        expectations.expectDeletions(key,
                delete.stream().map(n -> Cache.namespaceKeyFunc(ns, n)).collect(Collectors.toSet()));
        for (String name : delete) {
            try {
                client.pods().inNamespace(ns).withName(name).delete();
                events.event(ds, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: " + name);
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, Cache.namespaceKeyFunc(ns, name));
                events.event(ds, EventRecorder.WARNING, "FailedDelete", "Error deleting: " + e.getMessage());
            }
        }
    }

    private SyncResult writeStatus(DaemonSet ds, List<Node> nodeList, String hash, boolean observeGeneration) {
        Instant now = clock.now();
        DaemonSetStatus status = DaemonSetStatusPlanner.plan(ds, nodeList, nodeToPods(ds), hash, observeGeneration,
                now);
        if (!status.equals(ds.getStatus())) {
            ds.setStatus(status);
            client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).resource(ds).updateStatus();
        }
        // k/k daemon_controller.go updateDaemonSetStatus: look again once ready pods may have become available.
        int minReady = DaemonSetSpecs.minReadySeconds(ds);
        if (minReady > 0 && !status.getNumberReady().equals(status.getNumberAvailable())) {
            return SyncResult.requeueAfter(Duration.ofSeconds(minReady));
        }
        return SyncResult.done();
    }

    /** The set's pods by the node they are for; pods that name no node are left out. */
    private Map<String, List<Pod>> nodeToPods(DaemonSet ds) {
        String uid = ds.getMetadata().getUid();
        Map<String, List<Pod>> byNode = new HashMap<>();
        for (Pod pod : pods.byIndex(Cache.NAMESPACE_INDEX, ds.getMetadata().getNamespace())) {
            if (!ControllerOwner.isControlledBy(pod, uid)) {
                continue;
            }
            DaemonPods.targetNode(pod).ifPresent(node -> byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod));
        }
        return byNode;
    }

    private static Set<String> liveHashes(Map<String, List<Pod>> byNode) {
        return byNode.values().stream().flatMap(List::stream)
                .map(p -> p.getMetadata().getLabels() == null ? null
                        : p.getMetadata().getLabels().get(DaemonPods.REVISION_HASH_LABEL))
                .filter(h -> h != null && !h.isEmpty())
                .collect(Collectors.toSet());
    }

    private static List<ControllerRevision> owned(List<ControllerRevision> inNamespace, DaemonSet ds) {
        return inNamespace.stream().filter(r -> ControllerOwner.isControlledBy(r, ds.getMetadata().getUid()))
                .toList();
    }
}
