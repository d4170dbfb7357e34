package skiff.apiserver.admission.policy;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.authz.Decision;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/** What admission policies read from the API server's storage: policies, bindings, namespaces and params. */
public interface PolicySource {
    PolicySource NONE = new PolicySource() {
        @Override
        public List<ObjectNode> validatingAdmissionPolicies() {
            return List.of();
        }

        @Override
        public List<ObjectNode> validatingAdmissionPolicyBindings() {
            return List.of();
        }

        @Override
        public Optional<ObjectNode> namespace(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ResourceDefinition> resourceOfKind(String apiVersion, String kind) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> find(ResourceDefinition resource, String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public List<ObjectNode> list(ResourceDefinition resource, String namespace) {
            return List.of();
        }
    };

    /** Decides the checks of CEL's authorizer library (none here: every check has no opinion). */
    default Authorizer admissionAuthorizer() {
        return request -> Decision.noOpinion("");
    }

    List<ObjectNode> validatingAdmissionPolicies();

    List<ObjectNode> validatingAdmissionPolicyBindings();

    Optional<ObjectNode> namespace(String name);

    /** The served resource whose objects have {@code kind} in {@code apiVersion}. */
    Optional<ResourceDefinition> resourceOfKind(String apiVersion, String kind);

    /** One object of {@code resource} ({@code namespace} null for cluster-scoped ones). */
    Optional<ObjectNode> find(ResourceDefinition resource, String namespace, String name);

    /** The objects of {@code resource} in {@code namespace} (null: cluster-scoped). */
    List<ObjectNode> list(ResourceDefinition resource, String namespace);
}
