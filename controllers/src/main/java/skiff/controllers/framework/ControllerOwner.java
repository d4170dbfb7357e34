package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Optional;

/** An object's controller reference: the one owner reference with {@code controller: true}. */
public final class ControllerOwner {
    private ControllerOwner() {}

    public static Optional<OwnerReference> of(HasMetadata object) {
        var refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    /** Whether {@code object}'s controller is the object with {@code uid}. */
    public static boolean isControlledBy(HasMetadata object, String uid) {
        return of(object).map(r -> uid.equals(r.getUid())).orElse(false);
    }

    /** A controller reference to {@code owner}, blocking its foreground deletion (k/k metav1.NewControllerRef). */
    public static OwnerReference referenceTo(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
