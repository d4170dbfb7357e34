package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * The provisioner of the {@code local-path} StorageClass, as k3s runs rancher/local-path-provisioner: a claim the
 * binder hands to {@value #NAME} gets a hostPath volume, a directory under {@code root} on the node the scheduler
 * chose, with node affinity to that node; a released volume of a Delete class has its directory removed by a helper
 * pod on its node, then is deleted. A claim queue
 * ({@code namespace/name}) and a volume queue (names).
 */
public final class LocalPathProvisioner implements ManagedController {
    public static final String NAME = "rancher.io/local-path";
    public static final String CONTROLLER = "local-path-provisioner";
    public static final String STORAGE_CLASS = "local-path";

    private final Controller<String> claimRunner;
    private final Controller<String> volumeRunner;
    private final EventRecorder events;

    private LocalPathProvisioner(ControllerContext context, String root) {
        SharedIndexInformer<PersistentVolumeClaim> claims = context.informers().forType(PersistentVolumeClaim.class);
        SharedIndexInformer<PersistentVolume> volumes = context.informers().forType(PersistentVolume.class);
        SharedIndexInformer<StorageClass> classes = context.informers().forType(StorageClass.class);
        RateLimitingQueue<String> claimQueue = context.queue("local_path_provisioner_claims");
        RateLimitingQueue<String> volumeQueue = context.queue("local_path_provisioner_volumes");
        claims.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim claim) {
                claimQueue.add(Cache.metaNamespaceKeyFunc(claim));
            }

            @Override
            public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim claim) {
                claimQueue.add(Cache.metaNamespaceKeyFunc(claim));
            }

            @Override
            public void onDelete(PersistentVolumeClaim claim, boolean finalStateUnknown) {}
        });
        volumes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolume volume) {
                volumeQueue.add(volume.getMetadata().getName());
            }

            @Override
            public void onUpdate(PersistentVolume old, PersistentVolume volume) {
                volumeQueue.add(volume.getMetadata().getName());
            }

            @Override
            public void onDelete(PersistentVolume volume, boolean finalStateUnknown) {}
        });
        this.events = context.eventRecorder(NAME.replace('/', '_'));
        LocalPathSync sync = new LocalPathSync(claims.getStore(), volumes.getStore(), classes.getStore(),
                VolumeApi.forApi(context.client()), events, root);
        List<SharedIndexInformer<?>> informers = List.of(claims, volumes, classes);
        this.claimRunner = context.<String>controller(CONTROLLER + "-claims").queue(claimQueue).informers(informers)
                .handler(sync::syncClaim).workers(1).build();
        this.volumeRunner = context.<String>controller(CONTROLLER + "-volumes").queue(volumeQueue)
                .informers(informers).handler(sync::syncVolume).workers(1).build();
    }

    /** The provisioner whose volumes are directories under {@code root} on their nodes. */
    public static ManagedController create(ControllerContext context, String root) {
        return new LocalPathProvisioner(context, root);
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
}
