package skiff.apiserver.http;

import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * The container a log or exec request is for (k/k pkg/registry/core/pod/strategy.go validateContainer): the named
 * one, which must be in the pod; else the pod's only container, or the one its
 * {@code kubectl.kubernetes.io/default-container} annotation names; else a BadRequest listing the choices.
 */
final class PodContainerChoice {
    static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

    private PodContainerChoice() {}

    static String choose(JsonNode pod, String requested) {
        String podName = pod.path("metadata").path("name").asString("");
        List<String> names = new ArrayList<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : pod.path("spec").path(list)) {
                names.add(c.path("name").asString(""));
            }
        }
        if (requested != null && !requested.isEmpty()) {
            if (!names.contains(requested)) {
                throw StatusException.badRequest("container " + requested + " is not valid for pod " + podName);
            }
            return requested;
        }
        JsonNode containers = pod.path("spec").path("containers");
        if (containers.size() == 1) {
            return containers.get(0).path("name").asString("");
        }
        String annotated = pod.path("metadata").path("annotations").path(DEFAULT_CONTAINER_ANNOTATION).asString("");
        if (!annotated.isEmpty() && names.contains(annotated)) {
            return annotated;
        }
        if (containers.isEmpty()) {
            throw StatusException.badRequest("a container name must be specified for pod " + podName);
        }
        throw StatusException.badRequest("a container name must be specified for pod " + podName + ", choose one of: ["
                + String.join(" ", names) + "]");
    }
}
