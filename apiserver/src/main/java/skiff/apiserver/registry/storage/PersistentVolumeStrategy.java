package skiff.apiserver.registry.storage;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import skiff.api.time.Clock;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.SemanticEquality;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 PersistentVolumes (k/k pkg/registry/core/persistentvolume/strategy.go, pkg/apis/core/v1/defaults.go
 * SetDefaults_PersistentVolume and validation.go ValidatePersistentVolumeSpec/Update, 1.32): a capacity of storage,
 * access modes, exactly one volume source, Retain and Filesystem by default, the source fixed once created.
 */
public final class PersistentVolumeStrategy implements ResourceStrategy {

    // validation.go supportedReclaimPolicy, sorted.
    private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");
    // The PersistentVolumeSource members (types.go), in the order validation.go checks them.
    static final List<String> SOURCES = List.of("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs",
            "flocker", "nfs", "rbd", "quobyte", "cephfs", "iscsi", "cinder", "fc", "flexVolume", "azureFile",
            "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local", "storageos",
            "csi");

    private final Clock clock;

    public PersistentVolumeStrategy(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void applyDefaults(ObjectNode pv) {
        ObjectNode spec = GoFields.struct(pv, "spec");
        if (spec == null) {
            return;
        }
        if (GoFields.text(spec, "persistentVolumeReclaimPolicy").isEmpty()) {
            spec.put("persistentVolumeReclaimPolicy", "Retain");
        }
        if (!GoFields.present(spec.get("volumeMode"))) {
            spec.put("volumeMode", "Filesystem");
        }
        ObjectNode status = GoFields.struct(pv, "status");
        if (status != null && GoFields.text(status, "phase").isEmpty()) {
            status.put("phase", "Pending");
        }
    }

    // strategy.go PrepareForCreate: the status starts over, Pending since now (PersistentVolumeLastPhaseTransitionTime,
    // GA in 1.31).
    @Override
    public void prepareForCreate(ObjectNode pv) {
        pv.putObject("status").put("phase", "Pending").put("lastPhaseTransitionTime", now(clock));
    }

    static String now(Clock clock) {
        return clock.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void prepareForUpdate(ObjectNode pv, ObjectNode old) {
        JsonNode status = old.get("status");
        if (status == null) {
            pv.remove("status");
        } else {
            pv.set("status", status.deepCopy());
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode pv) {
        return validateSpec(pv.path("spec"));
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode pv, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validate(pv));
        JsonNode spec = pv.path("spec");
        JsonNode oldSpec = old.path("spec");
        for (String source : SOURCES) {
            if (!SemanticEquality.equal(spec.get(source), oldSpec.get(source))) {
                errors.add(FieldError.forbidden("spec.persistentvolumesource",
                        "spec.persistentvolumesource is immutable after creation"));
                break;
            }
        }
        if (!Objects.equals(GoFields.text(spec, "volumeMode"), GoFields.text(oldSpec, "volumeMode"))) {
            errors.add(FieldError.invalid("volumeMode", GoFields.text(spec, "volumeMode"), "field is immutable"));
        }
        // validation.go validatePvNodeAffinity: node affinity may be set once, not changed.
        if (GoFields.present(oldSpec.get("nodeAffinity"))
                && !SemanticEquality.equal(spec.get("nodeAffinity"), oldSpec.get("nodeAffinity"))) {
            errors.add(FieldError.invalid("nodeAffinity", spec.get("nodeAffinity"), "field is immutable"));
        }
        return errors;
    }

    static List<FieldError> validateSpec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>(VolumeFields.accessModes(spec, "spec.accessModes", ""));
        JsonNode capacity = spec.path("capacity");
        if (capacity.isEmpty()) {
            errors.add(FieldError.required("spec.capacity", ""));
        }
        if (!capacity.has("storage") || capacity.size() > 1) {
            errors.add(FieldError.notSupported("spec.capacity", capacityText(capacity), List.of("storage")));
        }
        capacity.properties().forEach(e -> errors.addAll(
                VolumeFields.positiveQuantity(e.getValue(), "spec.capacity[" + e.getKey() + "]")));
        String reclaim = GoFields.text(spec, "persistentVolumeReclaimPolicy");
        if (!reclaim.isEmpty() && !RECLAIM_POLICIES.contains(reclaim)) {
            errors.add(FieldError.notSupported("spec.persistentVolumeReclaimPolicy", reclaim, RECLAIM_POLICIES));
        }
        boolean nodeAffinity = GoFields.present(spec.path("nodeAffinity").get("required"));
        int volumes = 0;
        for (String source : SOURCES) {
            if (!GoFields.present(spec.get(source))) {
                continue;
            }
            if (volumes > 0) {
                errors.add(FieldError.forbidden("spec." + source, "may not specify more than 1 volume type"));
                continue;
            }
            volumes++;
            JsonNode src = spec.get(source);
            if ((source.equals("hostPath") || source.equals("local")) && GoFields.text(src, "path").isEmpty()) {
                errors.add(FieldError.required("spec." + source + ".path", ""));
            }
            if (source.equals("local") && !nodeAffinity) {
                errors.add(FieldError.required("spec.nodeAffinity", "Local volume requires node affinity"));
            }
        }
        if (volumes == 0) {
            errors.add(FieldError.required("spec", "must specify a volume type"));
        }
        errors.addAll(VolumeFields.className(GoFields.text(spec, "storageClassName"), "spec.storageClassName"));
        errors.addAll(VolumeFields.volumeMode(spec, "spec.volumeMode"));
        return errors;
    }

    // The ResourceList as Go prints it in a NotSupported message: map[name:quantity ...].
    private static String capacityText(JsonNode capacity) {
        StringBuilder text = new StringBuilder("map[");
        capacity.properties().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            if (text.length() > 4) {
                text.append(' ');
            }
            text.append(e.getKey()).append(':').append(e.getValue().asString(e.getValue().toString()));
        });
        return text.append(']').toString();
    }
}
