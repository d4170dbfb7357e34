package skiff.apiserver.apiextensions;

import skiff.apiserver.registry.StorageConversion;
import tools.jackson.databind.node.ObjectNode;

/**
 * The None conversion strategy between a CRD's served version and its storage version: only apiVersion changes
 * (k/k 1.32 apiextensions-apiserver pkg/apiserver/conversion/nop_converter.go).
 */
record ApiVersionConversion(String served, String stored) implements StorageConversion {

    @Override
    public ObjectNode toServed(ObjectNode object) {
        return withApiVersion(object, served);
    }

    @Override
    public ObjectNode toStored(ObjectNode object) {
        return withApiVersion(object, stored);
    }

    private static ObjectNode withApiVersion(ObjectNode object, String apiVersion) {
        if (!object.has("apiVersion") || object.path("apiVersion").asString("").equals(apiVersion)) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        copy.put("apiVersion", apiVersion);
        return copy;
    }

    @Override
    public String storedFieldLabel(String label) {
        return label;
    }
}
