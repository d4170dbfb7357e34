package skiff.apiserver.admission;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the protection finalizer on every new claim and volume, so that neither goes while in use (k/k
 * plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go, 1.32); the pvc-protection and
 * pv-protection controllers remove it once nothing uses the object.
 */
public final class StorageObjectInUseProtection implements MutatingAdmission {
    public static final String NAME = "StorageObjectInUseProtection";
    public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
    public static final String PV_PROTECTION = "kubernetes.io/pv-protection";

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
        if (!request.mainResource()) {
            return;
        }
        String finalizer = request.isCore("persistentvolumeclaims") ? PVC_PROTECTION
                : request.isCore("persistentvolumes") ? PV_PROTECTION : null;
        if (finalizer == null) {
            return;
        }
        ObjectNode metadata = request.object().withObject("metadata");
        ArrayNode finalizers = metadata.get("finalizers") instanceof ArrayNode a ? a : metadata.putArray("finalizers");
        for (JsonNode f : finalizers) {
            if (f.asString("").equals(finalizer)) {
                return;
            }
        }
        finalizers.add(finalizer);
    }
}
