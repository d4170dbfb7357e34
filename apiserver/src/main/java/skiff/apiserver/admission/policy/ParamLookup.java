package skiff.apiserver.admission.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.JsonNode;

/**
 * The params one binding evaluates its policy with (k/k 1.32 apiserver pkg/admission/plugin/policy/generic
 * policy_dispatcher.go CollectParams): none needed gives one null param; a named param or every param a selector
 * selects, in the binding's namespace, else the request's; none found with parameterNotFoundAction Deny is an
 * error, with Allow the binding is not evaluated.
 */
final class ParamLookup {
    private ParamLookup() {}

    static final class ParamError extends Exception {
        ParamError(String message) {
            super(message);
        }
    }

    static List<JsonNode> collect(JsonNode paramKind, JsonNode paramRef, String requestNamespace,
            PolicySource source) throws ParamError {
        List<JsonNode> none = new ArrayList<>();
        none.add(null);
        if (!GoFields.present(paramKind) || !GoFields.present(paramRef)) {
            return none;
        }
        String apiVersion = GoFields.text(paramKind, "apiVersion");
        String kind = GoFields.text(paramKind, "kind");
        Optional<ResourceDefinition> resource = source.resourceOfKind(apiVersion, kind);
        if (resource.isEmpty()) {
            throw new ParamError("paramKind kind `&ParamKind{APIVersion:" + apiVersion + ",Kind:" + kind
                    + ",}` not known");
        }
        ResourceDefinition def = resource.get();
        String refNamespace = GoFields.text(paramRef, "namespace");
        String namespace = null;
        if (def.namespaced()) {
            namespace = !refNamespace.isEmpty() ? refNamespace : requestNamespace == null ? "" : requestNamespace;
            if (namespace.isEmpty()) {
                throw new ParamError("cannot use namespaced paramRef in policy binding that matches cluster-scoped "
                        + "resources");
            }
        } else if (!refNamespace.isEmpty()) {
            throw new ParamError("paramRef.namespace must not be provided for a cluster-scoped `paramKind`");
        }
        String name = GoFields.text(paramRef, "name");
        List<JsonNode> params = new ArrayList<>();
        if (!name.isEmpty()) {
            source.find(def, namespace, name).ifPresent(params::add);
        } else if (GoFields.present(paramRef.get("selector"))) {
            for (JsonNode object : source.list(def, namespace)) {
                if (WorkloadSelector.matches(paramRef.get("selector"),
                        GoFields.stringMap(object.path("metadata"), "labels"))) {
                    params.add(object);
                }
            }
        } else {
            throw new ParamError("one of name or selector must be provided");
        }
        if (params.isEmpty() && GoFields.text(paramRef, "parameterNotFoundAction").equals("Deny")) {
            throw new ParamError("no params found for policy binding with `Deny` parameterNotFoundAction");
        }
        return params;
    }
}
