package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** The class of a claim or volume: the beta annotation, else the spec (k/k storage/util GetPersistentVolume(Claim)Class). */
public final class StorageClasses {
    private StorageClasses() {}

    public static String of(PersistentVolumeClaim claim) {
        if (VolumeAnnotations.has(claim, VolumeAnnotations.BETA_STORAGE_CLASS)) {
            return VolumeAnnotations.get(claim, VolumeAnnotations.BETA_STORAGE_CLASS);
        }
        String name = claim.getSpec().getStorageClassName();
        return name == null ? "" : name;
    }

    public static String of(PersistentVolume volume) {
        if (VolumeAnnotations.has(volume, VolumeAnnotations.BETA_STORAGE_CLASS)) {
            return VolumeAnnotations.get(volume, VolumeAnnotations.BETA_STORAGE_CLASS);
        }
        String name = volume.getSpec().getStorageClassName();
        return name == null ? "" : name;
    }
}
