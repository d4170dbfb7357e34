package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.List;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * kube-controller-manager's "persistentvolume-binder" (k/k pkg/controller/volume/persistentvolume/
 * pv_controller_base.go, 1.32): a claim queue ({@code namespace/name}) and a volume queue (names). A volume's change
 * wakes the claim it names, and a volume that becomes available wakes the claims still waiting for one.
 */
public final class PersistentVolumeController implements ManagedController {
    public static final String NAME = "persistentvolume-binder";

    private final Controller<String> claimRunner;
    private final Controller<String> volumeRunner;
    private final EventRecorder events;

    private PersistentVolumeController(ControllerContext context) {
        SharedIndexInformer<PersistentVolumeClaim> claims = context.informers().forType(PersistentVolumeClaim.class);
        SharedIndexInformer<PersistentVolume> volumes = context.informers().forType(PersistentVolume.class);
        SharedIndexInformer<StorageClass> classes = context.informers().forType(StorageClass.class);
        RateLimitingQueue<String> claimQueue = context.queue("claims");
        RateLimitingQueue<String> volumeQueue = context.queue("volumes");
        this.events = context.eventRecorder("persistentvolume-controller");
        claims.addEventHandler(new ClaimChanges(claimQueue, volumeQueue));
        volumes.addEventHandler(new VolumeChanges(volumeQueue, claimQueue, claims.getStore()));
        VolumeBinderSync sync = new VolumeBinderSync(claims.getStore(), volumes.getStore(), classes.getStore(),
                VolumeApi.forApi(context.client()), events);
        List<SharedIndexInformer<?>> informers = List.of(claims, volumes, classes);
        this.claimRunner = context.<String>controller(NAME + "-claims").queue(claimQueue).informers(informers)
                .handler(sync::syncClaim).workers(1).build();
        this.volumeRunner = context.<String>controller(NAME + "-volumes").queue(volumeQueue).informers(informers)
                .handler(sync::syncVolume).workers(1).build();
    }

    public static ManagedController create(ControllerContext context) {
        return new PersistentVolumeController(context);
    }

    @Override
    public void start() {
        claimRunner.start();
        volumeRunner.start();
    }

    @Override
    public void close() {
        claimRunner.close();
        volumeRunner.close();
        events.close();
    }

    /** pv_controller_base.go addClaim/updateClaim/deleteClaim: a deleted claim's volume is released. */
    private record ClaimChanges(RateLimitingQueue<String> claims, RateLimitingQueue<String> volumes)
            implements ResourceEventHandler<PersistentVolumeClaim> {
        @Override
        public void onAdd(PersistentVolumeClaim claim) {
            claims.add(Cache.metaNamespaceKeyFunc(claim));
        }

        @Override
        public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
            claims.add(Cache.metaNamespaceKeyFunc(claim));
        }

        @Override
        public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {
            String volume = claim.getSpec().getVolumeName();
            if (volume != null && !volume.isEmpty()) {
                volumes.add(volume);
            }
        }
    }

    /** pv_controller_base.go addVolume/updateVolume/deleteVolume. */
    private record VolumeChanges(RateLimitingQueue<String> volumes, RateLimitingQueue<String> claims,
            Store<PersistentVolumeClaim> claimStore) implements ResourceEventHandler<PersistentVolume> {
        @Override
        public void onAdd(PersistentVolume volume) {
            changed(volume);
        }

        @Override
        public void onUpdate(PersistentVolume old, PersistentVolume volume) {
            changed(volume);
        }

        @Override
        public void onDelete(PersistentVolume volume, boolean finalStateUnknown) {
            enqueueClaim(volume);
        }

        private void changed(PersistentVolume volume) {
            volumes.add(volume.getMetadata().getName());
            enqueueClaim(volume);
            if (volume.getStatus() != null && "Available".equals(volume.getStatus().getPhase())) {
                for (PersistentVolumeClaim claim : claimStore.list()) {
                    String bound = claim.getSpec().getVolumeName();
                    if (bound == null || bound.isEmpty()) {
                        claims.add(Cache.metaNamespaceKeyFunc(claim));
                    }
                }
            }
        }

        private void enqueueClaim(PersistentVolume volume) {
            ObjectReference ref = volume.getSpec().getClaimRef();
            if (ref != null && ref.getName() != null) {
                claims.add(ref.getNamespace() + "/" + ref.getName());
            }
        }
    }
}
