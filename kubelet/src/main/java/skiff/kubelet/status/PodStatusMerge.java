package skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The kubelet's status laid over the latest one in the API without clobbering other writers: conditions the kubelet
 * does not own are taken from the API (k/k pkg/kubelet/status/status_manager.go mergePodStatus), and a terminal
 * phase already in the API stays.
 */
public final class PodStatusMerge {
    private PodStatusMerge() {}

    public static PodStatus merge(PodStatus api, PodStatus kubelet, Set<String> ownedConditions) {
        if (api == null) {
            return kubelet;
        }
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition c : api.getConditions() == null ? List.<PodCondition>of() : api.getConditions()) {
            if (!ownedConditions.contains(c.getType())) {
                conditions.add(c);
            }
        }
        for (PodCondition c : kubelet.getConditions() == null ? List.<PodCondition>of() : kubelet.getConditions()) {
            if (ownedConditions.contains(c.getType())) {
                conditions.add(c);
            }
        }
        PodStatusBuilder b = new PodStatusBuilder(kubelet).withConditions(conditions);
        boolean apiTerminal = "Succeeded".equals(api.getPhase()) || "Failed".equals(api.getPhase());
        if (apiTerminal && !api.getPhase().equals(kubelet.getPhase())) {
            b.withPhase(api.getPhase());
        }
        return b.build();
    }
}
