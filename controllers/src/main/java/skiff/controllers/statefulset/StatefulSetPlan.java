package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.List;

/**
 * What one sync of a StatefulSet does: the pod writes, in the order to make them (the first failure stops the
 * rest), and the status to report.
 */
record StatefulSetPlan(List<PodAction> actions, StatefulSetStatus status) {
    StatefulSetPlan {
        actions = List.copyOf(actions);
    }
}
