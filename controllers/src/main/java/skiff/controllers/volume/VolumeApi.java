package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * What the binder and the provisioner read and write through the API beyond their caches; each write throws
 * {@code KubernetesClientException} when refused.
 */
interface VolumeApi {
    PersistentVolume updateVolume(PersistentVolume volume);

    PersistentVolume updateVolumeStatus(PersistentVolume volume);

    PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim);

    PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim);

    void createVolume(PersistentVolume volume);

    void deleteVolume(String name);

    Optional<Pod> pod(String namespace, String name);

    void createPod(Pod pod);

    void deletePod(String namespace, String name);

    static VolumeApi forApi(KubernetesClient client) {
        return new VolumeApi() {
            @Override
            public PersistentVolume updateVolume(PersistentVolume volume) {
                return client.persistentVolumes().resource(volume).update();
            }

            @Override
            public PersistentVolume updateVolumeStatus(PersistentVolume volume) {
                return client.persistentVolumes().resource(volume).updateStatus();
            }

            @Override
            public PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim) {
                return client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                        .resource(claim).update();
            }

            @Override
            public PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim) {
                return client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                        .resource(claim).updateStatus();
            }

            @Override
            public void createVolume(PersistentVolume volume) {
                client.persistentVolumes().resource(volume).create();
            }

            @Override
            public void deleteVolume(String name) {
                client.persistentVolumes().withName(name).delete();
            }

            @Override
            public Optional<Pod> pod(String namespace, String name) {
                return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
            }

            @Override
            public void createPod(Pod pod) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
            }

            @Override
            public void deletePod(String namespace, String name) {
                client.pods().inNamespace(namespace).withName(name).delete();
            }
        };
    }
}
