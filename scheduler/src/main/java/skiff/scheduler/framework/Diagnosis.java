package skiff.scheduler.framework;

import java.util.LinkedHashMap;
import java.util.Map;

/** Why each node that was tried refused a pod, by node name (k/k pkg/scheduler/framework/types.go Diagnosis). */
public record Diagnosis(int allNodes, Map<String, FilterResult> refusals) {
    public Diagnosis {
        refusals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(refusals));
    }
}
