package skiff.apiserver.apiextensions;

import java.util.Map;
import skiff.apiserver.registry.StorageConversion;
import tools.jackson.databind.node.ObjectNode;

/**
 * The None conversion strategy between one served version of a CRD and its storage version, with the schema
 * coercion Kubernetes' storage codec applies around it. A stored object is pruned and defaulted with the schema of
 * the version it was stored at (defaults read from storage are not written back), then only its apiVersion changes,
 * then it is pruned with the served version's schema; a written object gets the storage version's apiVersion and is
 * pruned with that version's schema. k/k 1.32 apiextensions-apiserver pkg/apiserver/conversion/nop_converter.go,
 * and customresource_handler.go crdConversionRESTOptionsGetter (schemaCoercingDecoder, unstructuredDefaulter,
 * schemaCoercingConverter).
 *
 * @param group the CRD's group
 * @param served the version this resource serves
 * @param storage the CRD's storage version
 * @param schemas every version's structural schema, by version name
 */
record NoneConversion(String group, String served, String storage, Map<String, StructuralSchema> schemas)
        implements StorageConversion {

    NoneConversion {
        schemas = Map.copyOf(schemas);
    }

    @Override
    public ObjectNode toServed(ObjectNode stored) {
        ObjectNode object = stored.deepCopy();
        String version = versionOf(object);
        StructuralSchema at = version == null ? null : schemas.get(version);
        if (at != null) {
            SchemaPruning.prune(object, at);
            SchemaDefaulting.apply(object, at);
        }
        return convert(object, version, served);
    }

    @Override
    public ObjectNode toStored(ObjectNode object) {
        return convert(object.deepCopy(), served, storage);
    }

    /** {@code object} at {@code to}, pruned with that version's schema unless it was already at it. */
    private ObjectNode convert(ObjectNode object, String from, String to) {
        if (object.has("apiVersion")) {
            object.put("apiVersion", group + "/" + to);
        }
        StructuralSchema schema = schemas.get(to);
        if (schema != null && !to.equals(from)) {
            SchemaPruning.prune(object, schema);
        }
        return object;
    }

    /** The version of {@code object}'s apiVersion when it is one of this CRD's group, else null. */
    private String versionOf(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        return apiVersion.startsWith(group + "/") ? apiVersion.substring(group.length() + 1) : null;
    }

    @Override
    public String storedFieldLabel(String label) {
        return label;
    }

    // k/k 1.32 apiextensions-apiserver pkg/registry/customresource/strategy.go GetAttrs reads selectableFields from
    // the object as decoded for the version requested, defaults included.
    @Override
    public ObjectNode selectable(ObjectNode stored) {
        return toServed(stored);
    }
}
