package skiff.kubelet.worker;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.sync.PodSync;

/** The pod workers of this node, by pod UID; the informer and the runtime only hand them work. */
public final class PodWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);

    private final PodSync sync;
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Duration resync;
    private final Map<String, PodWorker> workers = new HashMap<>();
    private boolean closed;

    /** @param resync how often a pod is synced without any trigger */
    public PodWorkers(PodSync sync, ContainerRuntime runtime, Clock clock, Duration resync) {
        this.sync = sync;
        this.runtime = runtime;
        this.clock = clock;
        this.resync = resync;
    }

    /** A pod was added or changed in the API. */
    public synchronized void update(Pod pod) {
        if (closed) {
            return;
        }
        PodWorker worker = workers.get(pod.getMetadata().getUid());
        if (worker == null || !worker.update(pod)) {
            start(pod, false);
        }
    }

    /**
     * A pod changed in the API but not in anything it runs by ({@link PodSemantics}): its worker keeps the newer
     * version without a sync unless {@code sync} (k/k 1.32 pkg/kubelet/kubelet.go HandlePodReconcile).
     */
    public synchronized void reconcile(Pod pod, boolean sync) {
        if (closed) {
            return;
        }
        PodWorker worker = workers.get(pod.getMetadata().getUid());
        if ((worker == null || !worker.reconcile(pod, sync)) && sync) {
            start(pod, false);
        }
    }

    /** A pod disappeared from the API: stop whatever still runs of it. */
    public synchronized void remove(Pod pod) {
        if (closed) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        PodWorker worker = workers.get(uid);
        if (worker != null && worker.remove(pod)) {
            return;
        }
        if (runtime.sandbox(uid).isPresent()) {
            start(pod, true);
        }
    }

    /** Something happened to a pod's containers (an exit). */
    public synchronized void trigger(String uid) {
        PodWorker worker = workers.get(uid);
        if (worker != null) {
            worker.trigger();
        }
    }

    /** Triggers every worker, e.g. after a probe result changed. */
    public synchronized void triggerAll() {
        workers.values().forEach(PodWorker::trigger);
    }

    public synchronized Set<String> uids() {
        return Set.copyOf(workers.keySet());
    }

    private void start(Pod pod, boolean removed) {
        PodWorker worker = new PodWorker(pod, removed, sync, clock, resync, this::finished);
        workers.put(pod.getMetadata().getUid(), worker);
        worker.start();
    }

    private synchronized void finished(PodWorker worker) {
        workers.remove(worker.uid(), worker);
        LOG.debug("pod worker finished uid={}", worker.uid());
    }

    /** Stops every worker; a sync in progress completes first. */
    public void close() {
        List<PodWorker> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(workers.values());
        }
        all.forEach(PodWorker::stop);
        for (PodWorker w : all) {
            try {
                w.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
