package skiff.client.volumes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The class of a claim or volume: the beta annotation, else the spec (k/k storage/util GetPersistentVolume(Claim)Class). */
public final class StorageClasses {
    // k/k core/v1 annotation_key_constants.go BetaStorageClassAnnotation.
    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private StorageClasses() {}

    public static String of(PersistentVolumeClaim claim) {
        return beta(claim).orElse(Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), ""));
    }

    public static String of(PersistentVolume volume) {
        return beta(volume).orElse(Objects.requireNonNullElse(volume.getSpec().getStorageClassName(), ""));
    }

    private static Optional<String> beta(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(BETA_STORAGE_CLASS)
                ? Optional.of(annotations.get(BETA_STORAGE_CLASS)) : Optional.empty();
    }
}
