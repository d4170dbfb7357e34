package skiff.apiserver.table;

import tools.jackson.databind.JsonNode;

/** The requested replica count of a workload, {@code spec.replicas}. */
final class DesiredReplicas {

    private DesiredReplicas() {}

    // k/k pkg/apis/apps/v1/defaults.go and pkg/apis/core/v1/defaults.go: an unset spec.replicas defaults to 1 when
    // the object is decoded, so the printer never sees it missing.
    static long of(JsonNode object) {
        JsonNode replicas = object.path("spec").path("replicas");
        return replicas.isIntegralNumber() ? replicas.longValue() : 1;
    }
}
