package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The annotations the volume controllers, the provisioner and the scheduler agree on (k/k pv_controller.go, 1.32). */
public final class VolumeAnnotations {
    /** On a claim whose binding the controller has finished. */
    public static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** On a claim or volume the controller bound (rather than a user pre-binding it). */
    public static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    /** On a volume: the provisioner that created it. */
    public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** On a claim: the provisioner asked to provision it, and its beta form. */
    public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    public static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    /** On a claim of a WaitForFirstConsumer class: the node the scheduler chose for its first pod. */
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** The pre-storageClassName form of a claim's or volume's class. */
    public static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private VolumeAnnotations() {}

    public static String get(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(key, "");
    }

    public static boolean has(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(key);
    }
}
