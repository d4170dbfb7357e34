package skiff.apiserver.admission.webhook;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** What webhook admission reads from the API server's storage: configurations, namespaces, and services' endpoints. */
public interface WebhookSource {
    WebhookSource NONE = new WebhookSource() {
        @Override
        public List<ObjectNode> webhookConfigurations(boolean mutating) {
            return List.of();
        }

        @Override
        public Optional<ObjectNode> namespace(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> service(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> endpoints(String namespace, String name) {
            return Optional.empty();
        }
    };

    /** The Mutating- (when {@code mutating}) or ValidatingWebhookConfigurations stored. */
    List<ObjectNode> webhookConfigurations(boolean mutating);

    Optional<ObjectNode> namespace(String name);

    Optional<ObjectNode> service(String namespace, String name);

    Optional<ObjectNode> endpoints(String namespace, String name);
}
