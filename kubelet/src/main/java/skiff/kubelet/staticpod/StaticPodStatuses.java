package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.kubelet.status.PodStatusWriter;

/**
 * Pod statuses, with static pods told apart: the status of a static pod is kept here, as the kubelet's own record
 * of it, and written to its mirror pod in the API, off the pod worker's thread so that a static pod keeps running
 * while the API server is away (k/k pkg/kubelet/status/status_manager.go: statuses are cached by pod UID and a static
 * pod's is synced to its mirror pod). Other pods' statuses go to the API as they are.
 */
public final class StaticPodStatuses implements PodStatusWriter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StaticPodStatuses.class);

    private final PodStatusWriter api;
    private final Function<Pod, Optional<Pod>> mirrorOf;
    private final Map<String, PodStatus> reported = new ConcurrentHashMap<>();
    private final Map<String, Pod> unwritten = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual()
            .name("static-pod-status").factory());

    /**
     * @param api writes statuses to the API
     * @param mirrorOf the mirror pod of a static pod as the API has it, if it has it
     */
    public StaticPodStatuses(PodStatusWriter api, Function<Pod, Optional<Pod>> mirrorOf) {
        this.api = api;
        this.mirrorOf = mirrorOf;
    }

    @Override
    public void update(Pod pod, PodStatus status) {
        if (!ConfigAnnotations.isStatic(pod)) {
            api.update(pod, status);
            return;
        }
        String uid = pod.getMetadata().getUid();
        reported.put(uid, status);
        if (unwritten.put(uid, pod) == null) {
            try {
                writer.execute(() -> writeToMirror(uid));
            } catch (RejectedExecutionException e) {
                unwritten.remove(uid);
            }
        }
    }

    /** Writes the latest status of a static pod to its mirror, if the API has the mirror. */
    private void writeToMirror(String uid) {
        Pod pod = unwritten.remove(uid);
        PodStatus status = reported.get(uid);
        if (pod == null || status == null) {
            return;
        }
        try {
            mirrorOf.apply(pod).ifPresent(mirror -> api.update(mirror, withQosClassOf(mirror, status)));
        } catch (RuntimeException e) {
            LOG.info("status of static pod {}/{} not written to its mirror: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }

    // The QoS class is the API's, set when the mirror was created (k/k pkg/registry/core/pod/strategy.go).
    private static PodStatus withQosClassOf(Pod mirror, PodStatus status) {
        if (status.getQosClass() != null || mirror.getStatus() == null) {
            return status;
        }
        return new io.fabric8.kubernetes.api.model.PodStatusBuilder(status)
                .withQosClass(mirror.getStatus().getQosClass()).build();
    }

    /** Static pods are not deleted through the API; only API pods are. */
    @Override
    public void confirmDeletion(Pod pod) {
        if (!ConfigAnnotations.isStatic(pod)) {
            api.confirmDeletion(pod);
        }
    }

    /** A static pod with the status last computed for it, which the API does not hold; other pods as they are. */
    @Override
    public Pod withReportedStatus(Pod pod) {
        PodStatus status = ConfigAnnotations.isStatic(pod) ? reported.get(pod.getMetadata().getUid()) : null;
        return status == null ? pod : new PodBuilder(pod).withStatus(status).build();
    }

    /** A static pod is gone for good: its status with it. */
    public void forget(String uid) {
        reported.remove(uid);
        unwritten.remove(uid);
    }

    @Override
    public void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
