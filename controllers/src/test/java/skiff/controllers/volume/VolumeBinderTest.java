package skiff.controllers.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.client.events.EventSink;

/**
 * The PersistentVolume binder and the local-path provisioner against in-memory caches whose writes land back in the
 * caches, as the informers would bring them (k/k pkg/controller/volume/persistentvolume, 1.32).
 */
class VolumeBinderTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CacheImpl<PersistentVolumeClaim> claims = new CacheImpl<>();
    private final CacheImpl<PersistentVolume> volumes = new CacheImpl<>();
    private final CacheImpl<StorageClass> classes = new CacheImpl<>();
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final EventRecorder recorder = new EventRecorder(new EventSink() {
        @Override
        public void create(Event event) {
            events.add(event.getInvolvedObject().getName() + " " + event.getReason() + ": " + event.getMessage());
        }

        @Override
        public boolean update(String namespace, String name, int count, String lastTimestamp) {
            return true;
        }
    }, clock, "persistentvolume-controller", "", Executors.newSingleThreadExecutor());
    private final VolumeApi writes = new CacheWrites();
    private final VolumeBinderSync binder = new VolumeBinderSync(claims, volumes, classes, writes, recorder);
    private final LocalPathSync provisioner = new LocalPathSync(claims, volumes, classes, writes, recorder,
            "/var/lib/skiff/storage");

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void aClaimBindsTheSmallestAvailableVolumeThatFitsItsClassModesSizeAndSelector() {
        volumes.put(volume("big", "10Gi", "manual", Map.of("tier", "fast"), "ReadWriteOnce"));
        volumes.put(volume("small", "1Gi", "manual", Map.of("tier", "fast"), "ReadWriteOnce"));
        volumes.put(volume("smallest-other-class", "1Gi", "slow", Map.of("tier", "fast"), "ReadWriteOnce"));
        volumes.put(volume("tiny", "512Mi", "manual", Map.of("tier", "fast"), "ReadWriteOnce"));
        volumes.put(volume("read-only", "1Gi", "manual", Map.of("tier", "fast"), "ReadOnlyMany"));
        volumes.put(volume("unlabelled", "1Gi", "manual", Map.of(), "ReadWriteOnce"));
        volumes.list().forEach(v -> binder.syncVolume(v.getMetadata().getName()));
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder(claim("data", "1Gi", "manual"))
                .editSpec().withSelector(new LabelSelectorBuilder().addToMatchLabels("tier", "fast").build())
                .endSpec().build();
        claims.put(claim);

        binder.syncClaim("ns/data");

        PersistentVolumeClaim bound = claims.getByKey("ns/data");
        assertThat(bound.getSpec().getVolumeName()).isEqualTo("small");
        assertThat(bound.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/bind-completed", "yes")
                .containsEntry("pv.kubernetes.io/bound-by-controller", "yes");
        assertThat(bound.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(bound.getStatus().getCapacity()).containsEntry("storage", new Quantity("1Gi"));
        PersistentVolume small = volumes.getByKey("small");
        assertThat(small.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(small.getSpec().getClaimRef().getUid()).isEqualTo("uid-data");
        assertThat(volumes.getByKey("big").getStatus().getPhase()).isEqualTo("Available");
    }

    @Test
    void aClaimWithoutMatchingVolumeOrClassWaitsPending() {
        claims.put(claim("data", "1Gi", ""));

        binder.syncClaim("ns/data");

        assertThat(claims.getByKey("ns/data").getStatus().getPhase()).isEqualTo("Pending");
        recorder.close();
        assertThat(events).contains("data FailedBinding: no persistent volumes available for this claim and no "
                + "storage class is set");
    }

    @Test
    void aClaimOfAnUnknownClassWaitsPendingWithProvisioningFailed() {
        claims.put(claim("data", "1Gi", "ghost"));

        binder.syncClaim("ns/data");

        assertThat(claims.getByKey("ns/data").getStatus().getPhase()).isEqualTo("Pending");
        recorder.close();
        // k/k pv_controller.go provisionClaimOperation: the class is looked up when provisioning, not on create.
        assertThat(events).contains("data ProvisioningFailed: storageclass.storage.k8s.io \"ghost\" not found");
    }

    @Test
    void aDeletedClaimsVolumeIsReleasedAndKeptUnderRetainOrFailsDeleteWithoutProvisioner() {
        PersistentVolume retained = volume("kept", "1Gi", "", Map.of(), "ReadWriteOnce");
        PersistentVolume deleted = new PersistentVolumeBuilder(volume("gone", "1Gi", "", Map.of(), "ReadWriteOnce"))
                .editSpec().withPersistentVolumeReclaimPolicy("Delete").endSpec().build();
        for (PersistentVolume v : List.of(retained, deleted)) {
            volumes.put(new PersistentVolumeBuilder(v).editSpec().withClaimRef(new ObjectReferenceBuilder()
                    .withNamespace("ns").withName("old").withUid("uid-old").build()).endSpec().build());
            binder.syncVolume(v.getMetadata().getName());
        }

        assertThat(volumes.getByKey("kept").getStatus().getPhase()).isEqualTo("Released");
        assertThat(volumes.getByKey("gone").getStatus().getPhase()).isEqualTo("Failed");
        assertThat(volumes.getByKey("gone").getStatus().getMessage()).isEqualTo("error getting deleter volume plugin "
                + "for volume \"gone\": no deletable volume plugin matched");
    }

    @Test
    void aWaitForFirstConsumerClaimIsProvisionedOnItsSelectedNodeBoundAndDeletedOnceReleased() {
        classes.put(new StorageClassBuilder().withNewMetadata().withName("local-path").endMetadata()
                .withProvisioner(LocalPathProvisioner.NAME).withReclaimPolicy("Delete")
                .withVolumeBindingMode("WaitForFirstConsumer").build());
        claims.put(claim("data", "2Gi", "local-path"));

        binder.syncClaim("ns/data");
        provisioner.syncClaim("ns/data");
        assertThat(volumes.list()).isEmpty();
        assertThat(claims.getByKey("ns/data").getStatus().getPhase()).isEqualTo("Pending");

        // The scheduler names the node.
        claims.put(new PersistentVolumeClaimBuilder(claims.getByKey("ns/data")).editMetadata()
                .addToAnnotations("volume.kubernetes.io/selected-node", "node-a").endMetadata().build());
        binder.syncClaim("ns/data");
        assertThat(claims.getByKey("ns/data").getMetadata().getAnnotations())
                .containsEntry("volume.kubernetes.io/storage-provisioner", LocalPathProvisioner.NAME);
        provisioner.syncClaim("ns/data");
        PersistentVolume pv = volumes.getByKey("pvc-uid-data");
        assertThat(pv.getSpec().getHostPath().getPath())
                .isEqualTo("/var/lib/skiff/storage/pvc-uid-data_ns_data");
        assertThat(pv.getSpec().getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions()
                .get(0).getValues()).containsExactly("node-a");
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
        assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by",
                LocalPathProvisioner.NAME);

        binder.syncVolume("pvc-uid-data");
        binder.syncClaim("ns/data");
        assertThat(claims.getByKey("ns/data").getSpec().getVolumeName()).isEqualTo("pvc-uid-data");
        assertThat(claims.getByKey("ns/data").getStatus().getPhase()).isEqualTo("Bound");
        assertThat(volumes.getByKey("pvc-uid-data").getStatus().getPhase()).isEqualTo("Bound");

        claims.remove(claims.getByKey("ns/data"));
        binder.syncVolume("pvc-uid-data");
        assertThat(volumes.getByKey("pvc-uid-data").getStatus().getPhase()).isEqualTo("Released");
        provisioner.syncVolume("pvc-uid-data");
        Pod helper = pods.get("helper-pod-delete-pvc-uid-data");
        assertThat(helper.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(helper.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(helper.getSpec().getContainers().getFirst().getEnv().getFirst().getValue())
                .isEqualTo("/var/lib/skiff/storage/pvc-uid-data_ns_data");
        assertThat(helper.getSpec().getVolumes().getFirst().getHostPath().getPath())
                .isEqualTo("/var/lib/skiff/storage");
        assertThat(volumes.getByKey("pvc-uid-data")).isNotNull();
        pods.put(helper.getMetadata().getName(), new PodBuilder(helper).withNewStatus().withPhase("Succeeded")
                .endStatus().build());
        provisioner.syncVolume("pvc-uid-data");
        assertThat(volumes.getByKey("pvc-uid-data")).isNull();
        assertThat(pods).isEmpty();
    }

    private static PersistentVolume volume(String name, String size, String className, Map<String, String> labels,
            String mode) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity(size))).withAccessModes(mode)
                .withStorageClassName(className).withPersistentVolumeReclaimPolicy("Retain")
                .withVolumeMode("Filesystem").withNewHostPath().withPath("/srv/" + name).endHostPath().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    private static PersistentVolumeClaim claim(String name, String size, String className) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withUid("uid-" + name).withResourceVersion("1").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(className)
                .withVolumeMode("Filesystem").withNewResources().addToRequests("storage", new Quantity(size))
                .endResources().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    /** Writes that land in the caches at once, as the API server's answer and the informer's event would. */
    private final class CacheWrites implements VolumeApi {
        @Override
        public PersistentVolume updateVolume(PersistentVolume volume) {
            return put(volumes, volume);
        }

        @Override
        public PersistentVolume updateVolumeStatus(PersistentVolume volume) {
            return put(volumes, volume);
        }

        @Override
        public PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim) {
            return put(claims, claim);
        }

        @Override
        public PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim) {
            return put(claims, claim);
        }

        @Override
        public void createVolume(PersistentVolume volume) {
            put(volumes, new PersistentVolumeBuilder(volume).withNewStatus().withPhase("Pending").endStatus()
                    .build());
        }

        @Override
        public void deleteVolume(String name) {
            volumes.remove(volumes.getByKey(name));
        }

        @Override
        public Optional<Pod> pod(String namespace, String name) {
            return Optional.ofNullable(pods.get(name));
        }

        @Override
        public void createPod(Pod pod) {
            pods.put(pod.getMetadata().getName(), pod);
        }

        @Override
        public void deletePod(String namespace, String name) {
            pods.remove(name);
        }

        private <T extends HasMetadata> T put(CacheImpl<T> cache, T object) {
            cache.put(object);
            return object;
        }
    }
}
