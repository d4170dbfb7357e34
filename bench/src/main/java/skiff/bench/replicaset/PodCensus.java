package skiff.bench.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import skiff.api.time.Clock;

/**
 * What two watches on one namespace show of its pods (in the API at all, bound to a node, Running and Ready) and of
 * its ReplicaSets' status, and the moment each awaited condition on them first held.
 */
final class PodCensus implements AutoCloseable {
    private record PodState(boolean scheduled, boolean runningReady) {}

    private final Clock clock;
    private final Map<String, PodState> pods = new HashMap<>();
    private final Map<String, ReplicaSetStatus> setStatus = new HashMap<>();
    private final Map<String, Predicate<PodCensus>> pending = new LinkedHashMap<>();
    private final Map<String, Long> reachedAt = new HashMap<>();
    private final Watch podWatch;
    private final Watch setWatch;

    private PodCensus(KubernetesClient client, String namespace, Clock clock) {
        this.clock = clock;
        this.podWatch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                podEvent(action, pod);
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        this.setWatch = client.apps().replicaSets().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ReplicaSet set) {
                setEvent(action, set);
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    static PodCensus watch(KubernetesClient client, String namespace, Clock clock) {
        return new PodCensus(client, namespace, clock);
    }

    synchronized int existing() {
        return pods.size();
    }

    synchronized int scheduled() {
        return (int) pods.values().stream().filter(PodState::scheduled).count();
    }

    synchronized int runningReady() {
        return (int) pods.values().stream().filter(PodState::runningReady).count();
    }

    synchronized Optional<ReplicaSetStatus> status(String set) {
        return Optional.ofNullable(setStatus.get(set));
    }

    /**
     * Waits until every condition has held once (or the deadline passes) and returns, for each that did, the time
     * from {@code startNanos} to the first event after which it held, in the conditions' order.
     */
    synchronized Map<String, Duration> await(long startNanos, Map<String, Predicate<PodCensus>> conditions,
            Duration deadline) throws InterruptedException {
        pending.clear();
        reachedAt.clear();
        pending.putAll(conditions);
        check();
        long end = clock.nanoTime() + deadline.toNanos();
        for (long left = end - clock.nanoTime(); !pending.isEmpty() && left > 0; left = end - clock.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        Map<String, Duration> times = new LinkedHashMap<>();
        for (String name : conditions.keySet()) {
            Long at = reachedAt.get(name);
            if (at != null) {
                times.put(name, Duration.ofNanos(Math.max(0, at - startNanos)));
            }
        }
        pending.clear();
        return times;
    }

    private synchronized void podEvent(Watcher.Action action, Pod pod) {
        String name = pod.getMetadata().getName();
        if (action == Watcher.Action.DELETED) {
            pods.remove(name);
        } else {
            pods.put(name, new PodState(scheduled(pod), runningReady(pod)));
        }
        check();
    }

    private synchronized void setEvent(Watcher.Action action, ReplicaSet set) {
        if (action == Watcher.Action.DELETED) {
            setStatus.remove(set.getMetadata().getName());
        } else if (set.getStatus() != null) {
            setStatus.put(set.getMetadata().getName(), set.getStatus());
        }
        check();
    }

    private void check() {
        long now = clock.nanoTime();
        pending.entrySet().removeIf(e -> {
            if (e.getValue().test(this)) {
                reachedAt.put(e.getKey(), now);
                return true;
            }
            return false;
        });
        if (pending.isEmpty()) {
            notifyAll();
        }
    }

    private static boolean scheduled(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static boolean runningReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        podWatch.close();
        setWatch.close();
    }
}
