package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.SyncResult;

/**
 * kube-controller-manager's "persistentvolumeclaim-protection" (k/k pkg/controller/volume/pvcprotection/
 * pvc_protection_controller.go, 1.32): every claim carries {@value #FINALIZER}, removed from a deleted claim once no
 * scheduled pod that has not finished uses it, so that a claim in use waits for its pods. The queue holds claim keys;
 * a pod's change queues the claims it names.
 */
public final class ClaimProtectionController {
    public static final String NAME = "persistentvolumeclaim-protection";
    public static final String FINALIZER = "kubernetes.io/pvc-protection";

    private ClaimProtectionController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<PersistentVolumeClaim> claims = context.informers().forType(PersistentVolumeClaim.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        RateLimitingQueue<String> queue = context.queue("pvcprotection");
        claims.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim claim) {
                queue.add(Cache.metaNamespaceKeyFunc(claim));
            }

            @Override
            public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
                queue.add(Cache.metaNamespaceKeyFunc(claim));
            }

            @Override
            public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {}
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueClaims(queue, pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                enqueueClaims(queue, pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                enqueueClaims(queue, pod);
            }
        });
        Sync sync = new Sync(claims.getStore(), pods.getIndexer(), context.client());
        return context.<String>controller(NAME).queue(queue).informers(List.of(claims, pods))
                .handler(sync::sync).workers(1).build();
    }

    private static void enqueueClaims(RateLimitingQueue<String> queue, Pod pod) {
        for (Volume v : volumes(pod)) {
            if (v.getPersistentVolumeClaim() != null) {
                queue.add(pod.getMetadata().getNamespace() + "/" + v.getPersistentVolumeClaim().getClaimName());
            }
        }
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }

    private record Sync(Store<PersistentVolumeClaim> claims, Indexer<Pod> pods, KubernetesClient client) {
        SyncResult sync(String key) {
            PersistentVolumeClaim claim = claims.getByKey(key);
            if (claim == null) {
                return SyncResult.done();
            }
            List<String> finalizers = claim.getMetadata().getFinalizers();
            boolean has = finalizers != null && finalizers.contains(FINALIZER);
            boolean deleting = claim.getMetadata().getDeletionTimestamp() != null;
            try {
                if (!deleting && !has) {
                    write(new PersistentVolumeClaimBuilder(claim).editMetadata().addToFinalizers(FINALIZER)
                            .endMetadata().build());
                } else if (deleting && has && !inUse(claim)) {
                    write(new PersistentVolumeClaimBuilder(claim).editMetadata().removeFromFinalizers(FINALIZER)
                            .endMetadata().build());
                }
            } catch (KubernetesClientException e) {
                return e.getCode() == 404 ? SyncResult.done() : SyncResult.retry("claim " + key + ": "
                        + e.getMessage());
            }
            return SyncResult.done();
        }

        // pvc_protection_controller.go isBeingUsed and podUsesPVC: a scheduled pod that has not finished.
        private boolean inUse(PersistentVolumeClaim claim) {
            for (Pod pod : pods.byIndex(Cache.NAMESPACE_INDEX, claim.getMetadata().getNamespace())) {
                String phase = pod.getStatus() == null ? "" : pod.getStatus().getPhase();
                if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()
                        || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                    continue;
                }
                for (Volume v : volumes(pod)) {
                    if (v.getPersistentVolumeClaim() != null
                            && claim.getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void write(PersistentVolumeClaim claim) {
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).update();
        }
    }
}
