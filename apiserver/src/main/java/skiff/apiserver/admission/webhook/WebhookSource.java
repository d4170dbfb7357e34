package skiff.apiserver.admission.webhook;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.authz.Decision;
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

    /** Decides the checks of CEL's authorizer library (none here: every check has no opinion). */
    default Authorizer admissionAuthorizer() {
        return request -> Decision.noOpinion("");
    }

    /** The Mutating- (when {@code mutating}) or ValidatingWebhookConfigurations stored. */
    List<ObjectNode> webhookConfigurations(boolean mutating);

    Optional<ObjectNode> namespace(String name);

    Optional<ObjectNode> service(String namespace, String name);

    Optional<ObjectNode> endpoints(String namespace, String name);
}
