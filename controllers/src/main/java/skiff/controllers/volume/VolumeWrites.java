package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The writes the binder and the provisioner make; each throws {@code KubernetesClientException} when refused. */
interface VolumeWrites {
    PersistentVolume updateVolume(PersistentVolume volume);

    PersistentVolume updateVolumeStatus(PersistentVolume volume);

    PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim);

    PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim);

    void createVolume(PersistentVolume volume);

    void deleteVolume(String name);

    static VolumeWrites forApi(KubernetesClient client) {
        return new VolumeWrites() {
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
        };
    }
}
