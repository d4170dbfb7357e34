package skiff.apiserver.registry.core;

import tools.jackson.databind.JsonNode;

/** How long a deleted pod is given to stop before the API object goes. */
final class PodGracePeriod {
    private PodGracePeriod() {}

    // k/k pkg/registry/core/pod/strategy.go CheckGracefulDelete: the request's value, else the spec's (else zero);
    // zero when the pod never reached a node or has already finished; a negative value becomes one second.
    static long resolve(JsonNode pod, Long requested) {
        long period = requested != null ? requested
                : pod.path("spec").path("terminationGracePeriodSeconds").asLong(0);
        if (pod.path("spec").path("nodeName").asString("").isEmpty()) {
            period = 0;
        }
        String phase = pod.path("status").path("phase").asString("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            period = 0;
        }
        return period < 0 ? 1 : period;
    }
}
