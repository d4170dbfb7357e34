package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * An amount of the resources the scheduler accounts for: millicores of CPU, bytes of memory and of ephemeral
 * storage (k/k pkg/scheduler/framework/types.go Resource, without scalar resources).
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage) {
    public static final Resources NONE = new Resources(0, 0, 0);

    /** Reads cpu, memory and ephemeral-storage from a requests, capacity or allocatable map; others are ignored. */
    public static Resources of(Map<String, Quantity> quantities) {
        if (quantities == null || quantities.isEmpty()) {
            return NONE;
        }
        return new Resources(QuantityValues.milliValue(quantities.get("cpu")),
                QuantityValues.value(quantities.get("memory")), QuantityValues.value(quantities.get("ephemeral-storage")));
    }

    public Resources plus(Resources other) {
        return new Resources(milliCpu + other.milliCpu, memory + other.memory,
                ephemeralStorage + other.ephemeralStorage);
    }

    public Resources minus(Resources other) {
        return new Resources(milliCpu - other.milliCpu, memory - other.memory,
                ephemeralStorage - other.ephemeralStorage);
    }

    /** Each resource the larger of the two. */
    public Resources max(Resources other) {
        return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
                Math.max(ephemeralStorage, other.ephemeralStorage));
    }

}
