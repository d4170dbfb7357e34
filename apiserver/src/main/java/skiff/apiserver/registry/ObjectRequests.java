package skiff.apiserver.registry;

import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Checks of a request body against the URL it was sent to, shared by create and update. */
final class ObjectRequests {
    private ObjectRequests() {}

    /** The body's apiVersion and kind must name this resource; missing ones are filled in. */
    static void checkTypeMeta(ResourceDefinition def, ObjectNode body) {
        String apiVersion = body.path("apiVersion").asString("");
        String kind = body.path("kind").asString("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(def.apiVersion())) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + def.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(def.kind())) {
            throw StatusException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + def.kind() + ")");
        }
        body.put("apiVersion", def.apiVersion());
        body.put("kind", def.kind());
    }

    // k/k apiserver pkg/endpoints/handlers/rest.go: a body namespace that differs from the URL's is refused.
    static void checkNamespace(ResourceDefinition def, String namespace, ObjectNode meta) {
        String value = GoFields.text(meta, "namespace");
        if (!def.namespaced()) {
            meta.remove("namespace");
            return;
        }
        if (!value.isEmpty() && !value.equals(namespace)) {
            throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        meta.put("namespace", namespace);
    }

    static void checkName(String urlName, ObjectNode meta) {
        String name = meta.path("name").asString("");
        if (name.isEmpty()) {
            meta.put("name", urlName);
        } else if (!name.equals(urlName)) {
            throw StatusException.badRequest("the name of the object (" + name
                    + ") does not match the name on the URL (" + urlName + ")");
        }
    }
}
