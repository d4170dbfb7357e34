package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;

/** One write the StatefulSet controller makes to a pod. */
sealed interface PodAction {

    Pod pod();

    /** Create the pod of a missing ordinal. */
    record Create(Pod pod) implements PodAction {}

    /** Delete a failed, condemned or outdated pod; {@code why} is for the log. */
    record Delete(Pod pod, String why) implements PodAction {}

    /** Write back a pod whose identity (labels, hostname, subdomain) drifted, with it restored. */
    record RestoreIdentity(Pod pod) implements PodAction {}
}
