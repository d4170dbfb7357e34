package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import skiff.scheduler.cache.SchedulerCache;
import skiff.scheduler.queue.SchedulingQueue;

/**
 * Routes informer events as k/k pkg/scheduler/eventhandlers.go does: assigned, non-terminal pods go to the cache,
 * pending pods of this scheduler to the queue (and, when nominated to a node, to the nominator); changes that may
 * let waiting pods fit (a node added or changed in labels, taints, allocatable, cordon or readiness; an assigned pod
 * gone) move the unschedulable pods back.
 */
final class SchedulerEventHandlers {
    private final SchedulerCache cache;
    private final ReentrantLock lock;
    private final SchedulingQueue queue;
    private final Nominator nominator;

    SchedulerEventHandlers(SchedulerCache cache, ReentrantLock lock, SchedulingQueue queue, Nominator nominator) {
        this.cache = cache;
        this.lock = lock;
        this.queue = queue;
        this.nominator = nominator;
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                withCache(() -> cache.addOrUpdateNode(node));
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                withCache(() -> cache.addOrUpdateNode(node));
                if (mayMakePodsFit(old, node)) {
                    queue.moveAllToActiveOrBackoff();
                }
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                withCache(() -> cache.removeNode(node.getMetadata().getName()));
            }
        };
    }

    ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (assigned(pod)) {
                    if (!terminal(pod)) {
                        withCache(() -> cache.addOrUpdatePod(pod));
                    }
                } else if (pending(pod)) {
                    nominator.update(null, pod);
                    queue.add(pod);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String uid = pod.getMetadata().getUid();
                if (assigned(pod)) {
                    queue.delete(uid);
                    nominator.remove(uid);
                    if (terminal(pod)) {
                        withCache(() -> cache.removePod(uid));
                        if (!terminal(old)) {
                            queue.moveAllToActiveOrBackoff();
                        }
                    } else {
                        withCache(() -> cache.addOrUpdatePod(pod));
                    }
                } else if (!pending(pod)) {
                    queue.delete(uid);
                    nominator.remove(uid);
                } else {
                    nominator.update(old, pod);
                    if (specOrLabelsChanged(old, pod)) {
                        queue.update(pod);
                    }
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                String uid = pod.getMetadata().getUid();
                queue.delete(uid);
                nominator.remove(uid);
                if (assigned(pod)) {
                    withCache(() -> cache.removePod(uid));
                    queue.moveAllToActiveOrBackoff();
                }
            }
        };
    }

    private void withCache(Runnable change) {
        lock.lock();
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }

    static boolean assigned(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    // k/k pkg/scheduler/eventhandlers.go responsibleForPod and the unassigned, non-terminal pod filter.
    static boolean pending(Pod pod) {
        String scheduler = pod.getSpec().getSchedulerName();
        return (scheduler == null || scheduler.isEmpty() || scheduler.equals(Scheduler.NAME))
                && pod.getMetadata().getDeletionTimestamp() == null && !terminal(pod);
    }

    static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    // k/k pkg/scheduler/internal/queue isPodUpdated: a status-only change (such as the scheduler's own condition)
    // does not make a pod worth trying again.
    private static boolean specOrLabelsChanged(Pod old, Pod pod) {
        return !Objects.equals(old.getSpec(), pod.getSpec())
                || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
                || !Objects.equals(old.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations());
    }

    // k/k pkg/scheduler/eventhandlers.go nodeSchedulingPropertiesChange (taints and cordon live in the spec).
    private static boolean mayMakePodsFit(Node old, Node node) {
        return !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                || !Objects.equals(old.getSpec(), node.getSpec())
                || !Objects.equals(allocatable(old), allocatable(node))
                || !Objects.equals(ready(old), ready(node));
    }

    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static String ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
    }
}
