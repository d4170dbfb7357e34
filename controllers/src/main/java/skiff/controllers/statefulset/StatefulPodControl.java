package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;

/**
 * Makes a plan's pod writes through the API and records an Event for each (k/k stateful_pod_control.go
 * recordPodEvent: "create Pod web-0 in StatefulSet web successful", or "... failed error: ..." as a Warning).
 */
final class StatefulPodControl {
    private static final Logger LOG = LoggerFactory.getLogger(StatefulPodControl.class);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final VolumeClaims claims;

    StatefulPodControl(KubernetesClient client, EventRecorder events, VolumeClaims claims) {
        this.client = client;
        this.events = events;
        this.claims = claims;
    }

    /** Applies one action; false (after a Warning event) when the API refused it. */
    boolean apply(StatefulSet set, PodAction action) {
        Pod pod = action.pod();
        String namespace = set.getMetadata().getNamespace();
        String verb = switch (action) {
            case PodAction.Create c -> "create";
            case PodAction.Delete d -> "delete";
            case PodAction.RestoreIdentity r -> "update";
        };
        try {
            switch (action) {
                case PodAction.Create c -> {
                    // k/k stateful_pod_control.go CreateStatefulPod: the claims first, then the pod, then the
                    // claims' owners for the retention policy.
                    if (!claims.create(set, pod)) {
                        events.event(set, EventRecorder.WARNING, "FailedCreate", "create Pod %s in StatefulSet %s "
                                .formatted(pod.getMetadata().getName(), set.getMetadata().getName())
                                + "failed error: a claim of the pod could not be created or is being deleted");
                        return false;
                    }
                    claims.updateRetention(set, client.pods().inNamespace(namespace).resource(pod).create());
                }
                case PodAction.Delete d -> {
                    // k/k stateful_set_control.go updateStatefulSet: a condemned pod's claims get their retention
                    // owners before it goes.
                    claims.updateRetention(set, pod);
                    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
                }
                case PodAction.RestoreIdentity r -> client.pods().inNamespace(namespace).resource(pod).update();
            }
        } catch (KubernetesClientException e) {
            // k/k stateful_pod_control.go CreateStatefulPod: a pod that exists already is no event, just a retry.
            if (!(action instanceof PodAction.Create && e.getCode() == 409)) {
                events.event(set, EventRecorder.WARNING, "Failed" + capitalized(verb), "%s Pod %s in StatefulSet %s failed error: %s"
                        .formatted(verb, pod.getMetadata().getName(), set.getMetadata().getName(), e.getMessage()));
            }
            LOG.info("statefulset={}/{} {} pod={} failed: {}", namespace, set.getMetadata().getName(), verb,
                    pod.getMetadata().getName(), e.getMessage());
            return false;
        }
        LOG.info("statefulset={}/{} {} pod={}{}", namespace, set.getMetadata().getName(), verb,
                pod.getMetadata().getName(), action instanceof PodAction.Delete d ? " (" + d.why() + ")" : "");
        events.event(set, EventRecorder.NORMAL, "Successful" + capitalized(verb), "%s Pod %s in StatefulSet %s successful"
                .formatted(verb, pod.getMetadata().getName(), set.getMetadata().getName()));
        return true;
    }

    private static String capitalized(String verb) {
        return Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    }
}
