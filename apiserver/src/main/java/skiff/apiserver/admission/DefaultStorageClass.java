package skiff.apiserver.admission;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives a new claim that names no class the default StorageClass (k/k plugin/pkg/admission/storage/storageclass/
 * setdefault/admission.go and pkg/volume/util/storageclass.go GetDefaultClass, 1.32): of several default classes,
 * the newest, then the first by name.
 */
public final class DefaultStorageClass implements MutatingAdmission {
    public static final String NAME = "DefaultStorageClass";
    /** The annotation that marks a default class (storage/v1 IsDefaultStorageClassAnnotation) and its beta form. */
    public static final String IS_DEFAULT = "storageclass.kubernetes.io/is-default-class";
    private static final String BETA_IS_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
    private static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

    private final StorageClassLookup classes;

    DefaultStorageClass(StorageClassLookup classes) {
        this.classes = classes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE);
    }

    @Override
    public void admit(AdmissionRequest request) {
        if (!request.isCore("persistentvolumeclaims") || !request.mainResource()) {
            return;
        }
        ObjectNode pvc = request.object();
        ObjectNode spec = pvc.withObject("spec");
        // A class given, even "", or the beta annotation keeps the claim as it is.
        if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()
                || pvc.path("metadata").path("annotations").has(BETA_CLASS)) {
            return;
        }
        defaultClass().ifPresent(name -> spec.put("storageClassName", name));
    }

    private Optional<String> defaultClass() {
        return classes.storageClasses().stream()
                .filter(DefaultStorageClass::isDefault)
                .sorted(Comparator.<ObjectNode, String>comparing(
                                sc -> sc.path("metadata").path("creationTimestamp").asString("")).reversed()
                        .thenComparing(sc -> sc.path("metadata").path("name").asString("")))
                .map(sc -> sc.path("metadata").path("name").asString(""))
                .findFirst();
    }

    /** Whether {@code storageClass} is marked default (storage/v1 util.IsDefaultAnnotation). */
    public static boolean isDefault(ObjectNode storageClass) {
        var annotations = storageClass.path("metadata").path("annotations");
        return annotations.path(IS_DEFAULT).asString("").equals("true")
                || annotations.path(BETA_IS_DEFAULT).asString("").equals("true");
    }
}
