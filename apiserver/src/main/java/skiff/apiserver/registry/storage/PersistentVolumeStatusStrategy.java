package skiff.apiserver.registry.storage;

import java.util.Objects;
import skiff.api.time.Clock;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of PersistentVolumes (k/k pkg/registry/core/persistentvolume/strategy.go
 * persistentvolumeStatusStrategy, 1.32): the spec stays as stored; a new phase gets {@code lastPhaseTransitionTime}
 * now unless the writer set a new one, and a write that leaves the phase and drops the time keeps the old time.
 */
public final class PersistentVolumeStatusStrategy implements ResourceStrategy {
    private final Clock clock;

    public PersistentVolumeStatusStrategy(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void prepareForUpdate(ObjectNode pv, ObjectNode old) {
        JsonNode spec = old.get("spec");
        if (spec == null) {
            pv.remove("spec");
        } else {
            pv.set("spec", spec.deepCopy());
        }
        JsonNode oldStatus = old.path("status");
        ObjectNode status = pv.withObject("status");
        String time = GoFields.text(status, "lastPhaseTransitionTime");
        String oldTime = GoFields.text(oldStatus, "lastPhaseTransitionTime");
        boolean samePhase = GoFields.text(status, "phase").equals(GoFields.text(oldStatus, "phase"));
        if (samePhase && time.isEmpty() && !oldTime.isEmpty()) {
            status.put("lastPhaseTransitionTime", oldTime);
        } else if (!samePhase && (time.isEmpty() || Objects.equals(time, oldTime))) {
            status.put("lastPhaseTransitionTime", PersistentVolumeStrategy.now(clock));
        }
    }
}
