package skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pod statuses through the {@code status} subresource, only when they changed, with the pod's
 * resourceVersion; on a conflict it reads the pod again, lays its status over the fresh one and retries
 * (k/k pkg/kubelet/status/status_manager.go syncPod).
 */
public final class StatusManager implements PodStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusManager.class);
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Set<String> ownedConditions;
    /** The status each pod (by uid) has in the API as this kubelet last wrote or saw it. */
    private final Map<String, PodStatus> latest = new ConcurrentHashMap<>();

    public StatusManager(KubernetesClient client, Set<String> ownedConditions) {
        this.client = client;
        this.ownedConditions = ownedConditions;
    }

    @Override
    public void update(Pod pod, PodStatus status) {
        Pod current = pod;
        PodStatus wanted = PodStatusMerge.merge(pod.getStatus(), status, ownedConditions);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (same(current.getStatus(), wanted)) {
                latest.put(pod.getMetadata().getUid(), wanted);
                return;
            }
            Pod updated = new PodBuilder(current).withStatus(wanted).build();
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
                latest.put(pod.getMetadata().getUid(), wanted);
                LOG.debug("pod status written pod={}/{} phase={}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), wanted.getPhase());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    latest.remove(pod.getMetadata().getUid());
                    return;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
            // Someone else wrote the pod: start again from what the API has now, if it is still the same pod.
            Pod fresh = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).get();
            if (fresh == null || !pod.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
                return;
            }
            current = fresh;
            wanted = PodStatusMerge.merge(fresh.getStatus(), status, ownedConditions);
        }
        LOG.warn("pod status not written after {} conflicts pod={}/{}", ATTEMPTS, pod.getMetadata().getNamespace(),
                pod.getMetadata().getName());
    }

    /**
     * The status this kubelet last wrote for the pod with {@code uid}, which its informer may not have seen yet
     * (k/k pkg/kubelet/status/status_manager.go GetPodStatus, 1.32).
     */
    public Optional<PodStatus> latest(String uid) {
        return Optional.ofNullable(latest.get(uid));
    }

    // k/k pkg/kubelet/status/status_manager.go: once the pod is stopped, the kubelet deletes it with grace period 0
    // and a UID precondition.
    @Override
    public void confirmDeletion(Pod pod) {
        latest.remove(pod.getMetadata().getUid());
        String path = "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName();
        Map<String, Object> options = Map.of("apiVersion", "v1", "kind", "DeleteOptions", "gracePeriodSeconds", 0,
                "preconditions", Map.of("uid", pod.getMetadata().getUid()));
        try {
            client.raw(path, "DELETE", options);
            LOG.info("pod deletion confirmed pod={}/{}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName());
        } catch (KubernetesClientException e) {
            // Gone already (404), or a new pod with the same name (409 on the UID precondition): nothing to do.
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static boolean same(PodStatus a, PodStatus b) {
        return a != null && a.equals(b);
    }
}
