package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.EnqueueOwnKey;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.SyncResult;

/**
 * kube-controller-manager's "persistentvolume-protection" (k/k pkg/controller/volume/pvprotection/
 * pv_protection_controller.go, 1.32): every volume carries {@value #FINALIZER}, removed from a deleted volume once
 * it is no longer Bound to a claim. The queue holds volume names.
 */
public final class VolumeProtectionController {
    public static final String NAME = "persistentvolume-protection";
    public static final String FINALIZER = "kubernetes.io/pv-protection";

    private VolumeProtectionController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<PersistentVolume> volumes = context.informers().forType(PersistentVolume.class);
        RateLimitingQueue<String> queue = context.queue("pvprotection");
        volumes.addEventHandler(new EnqueueOwnKey<>(queue));
        Sync sync = new Sync(volumes.getStore(), context.client());
        return context.<String>controller(NAME).queue(queue).informers(List.of(volumes))
                .handler(sync::sync).workers(1).build();
    }

    private record Sync(Store<PersistentVolume> volumes, KubernetesClient client) {
        SyncResult sync(String name) {
            PersistentVolume volume = volumes.getByKey(name);
            if (volume == null) {
                return SyncResult.done();
            }
            List<String> finalizers = volume.getMetadata().getFinalizers();
            boolean has = finalizers != null && finalizers.contains(FINALIZER);
            boolean deleting = volume.getMetadata().getDeletionTimestamp() != null;
            boolean bound = volume.getStatus() != null && "Bound".equals(volume.getStatus().getPhase());
            try {
                if (!deleting && !has) {
                    client.persistentVolumes().resource(new PersistentVolumeBuilder(volume).editMetadata()
                            .addToFinalizers(FINALIZER).endMetadata().build()).update();
                } else if (deleting && has && !bound) {
                    client.persistentVolumes().resource(new PersistentVolumeBuilder(volume).editMetadata()
                            .removeFromFinalizers(FINALIZER).endMetadata().build()).update();
                }
            } catch (KubernetesClientException e) {
                return e.getCode() == 404 ? SyncResult.done() : SyncResult.retry("volume " + name + ": "
                        + e.getMessage());
            }
            return SyncResult.done();
        }
    }
}
