package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one mirror pod in the API per static pod, on a thread of its own: whenever a static pod or a mirror pod
 * changed, and every 10 s in any case, so that mirrors deleted through the API, or lost while the API server was
 * away, come back.
 */
public final class MirrorPodReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorPodReconciler.class);
    private static final Duration PERIOD = Duration.ofSeconds(10);

    private final Supplier<List<Pod>> staticPods;
    private final Supplier<List<Pod>> mirrorPods;
    private final Supplier<Node> node;
    private final MirrorPodClient client;
    private final Semaphore triggered = new Semaphore(0);
    private Thread thread;
    private volatile boolean closed;

    /**
     * @param mirrorPods the mirror pods the API has on this node (the pod informer's)
     * @param node this node as last registered, null while it is not
     */
    public MirrorPodReconciler(Supplier<List<Pod>> staticPods, Supplier<List<Pod>> mirrorPods, Supplier<Node> node,
            MirrorPodClient client) {
        this.staticPods = staticPods;
        this.mirrorPods = mirrorPods;
        this.node = node;
        this.client = client;
    }

    public void start() {
        thread = Thread.ofVirtual().name("mirror-pods").start(this::run);
    }

    /** Something changed: reconcile soon. */
    public void trigger() {
        triggered.release();
    }

    /** One pass: deletes the mirrors that must go, then creates the missing ones. */
    public void reconcile() {
        Node current = node.get();
        if (current == null) {
            return;
        }
        MirrorPodActions actions = MirrorPodActions.plan(staticPods.get(), mirrorPods.get());
        for (Pod mirror : actions.toDelete()) {
            client.delete(mirror);
        }
        // k/k kubelet.go SyncPod: no mirror pods for a node that is being deleted.
        if (current.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        for (Pod pod : actions.toCreate()) {
            client.create(pod, current);
        }
    }

    private void run() {
        while (!closed) {
            try {
                triggered.tryAcquire(PERIOD.toMillis(), TimeUnit.MILLISECONDS);
                triggered.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                reconcile();
            } catch (KubernetesClientException e) {
                LOG.info("mirror pods not reconciled, retrying: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("mirror pods not reconciled, retrying", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
