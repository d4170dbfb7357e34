package skiff.apiserver.admission.webhook;

import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The order webhook configurations are consulted in. */
final class Webhooks {
    private Webhooks() {}

    // k/k apiserver pkg/admission/configuration/mutating_webhook_manager.go and validating_webhook_manager.go:
    // configurations sorted by name.
    static List<ObjectNode> inNameOrder(List<ObjectNode> configurations) {
        return configurations.stream()
                .sorted(Comparator.comparing(c -> c.path("metadata").path("name").asString(""))).toList();
    }
}
