package skiff.apiserver.admission;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets a claim's storage request grow only when it is bound and its StorageClass allows volume expansion (k/k
 * plugin/pkg/admission/storage/persistentvolume/resize/admission.go, 1.32).
 */
public final class PersistentVolumeClaimResize implements ValidatingAdmission {
    public static final String NAME = "PersistentVolumeClaimResize";

    private final StorageClassLookup classes;

    PersistentVolumeClaimResize(StorageClassLookup classes) {
        this.classes = classes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.UPDATE);
    }

    @Override
    public void validate(AdmissionRequest request) {
        if (!request.isCore("persistentvolumeclaims") || !request.mainResource()) {
            return;
        }
        BigDecimal size = storage(request.object());
        BigDecimal oldSize = storage(request.oldObject());
        if (size == null || oldSize == null || size.compareTo(oldSize) <= 0) {
            return;
        }
        if (!request.oldObject().path("status").path("phase").asString("").equals("Bound")) {
            throw AdmissionErrors.forbidden(request, "Only bound persistent volume claims can be expanded", List.of());
        }
        String className = request.oldObject().path("spec").path("storageClassName").asString("");
        boolean allowed = !className.isEmpty() && classes.storageClasses().stream()
                .filter(sc -> sc.path("metadata").path("name").asString("").equals(className))
                .anyMatch(sc -> sc.path("allowVolumeExpansion").asBoolean(false));
        if (!allowed) {
            throw AdmissionErrors.forbidden(request, "only dynamically provisioned pvc can be resized and the "
                    + "storageclass that provisions the pvc must support resize", List.of());
        }
    }

    private static BigDecimal storage(ObjectNode pvc) {
        JsonNode value = pvc.path("spec").path("resources").path("requests").get("storage");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(value.asString(value.toString())));
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
