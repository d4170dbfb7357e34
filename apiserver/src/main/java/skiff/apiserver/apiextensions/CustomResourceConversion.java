package skiff.apiserver.apiextensions;

import java.util.Map;
import skiff.apiserver.registry.StorageConversion;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conversion between one served version of a CRD and its storage version, with the schema coercion
 * Kubernetes' storage codec applies around the CRD's converter. A stored object is pruned and defaulted with the
 * schema of the version it was stored at (defaults read from storage are not written back), then converted, then
 * pruned with the served version's schema; a written object is converted to the storage version and pruned with that
 * version's schema. An object already at the wanted version is not converted (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/conversion/converter.go, nop_converter.go, webhook_converter.go getObjectsToConvert, and
 * customresource_handler.go crdConversionRESTOptionsGetter: schemaCoercingDecoder, unstructuredDefaulter,
 * schemaCoercingConverter).
 *
 * @param group the CRD's group
 * @param served the version this resource serves
 * @param storage the CRD's storage version
 * @param schemas every version's structural schema, by version name
 * @param converter the CRD's conversion strategy
 */
record CustomResourceConversion(String group, String served, String storage, Map<String, StructuralSchema> schemas,
        CustomResourceConverter converter) implements StorageConversion {

    CustomResourceConversion {
        schemas = Map.copyOf(schemas);
    }

    // k/k 1.32: a failed conversion of what is read is the converter's plain error, which the handler answers with
    // a 500 without a reason (apimachinery api/errors ErrorToAPIStatus); one of what is written is an InternalError
    // of the storage layer (apiserver registry/generic/registry/store.go).
    @Override
    public ObjectNode toServed(ObjectNode stored) {
        ObjectNode object = stored.deepCopy();
        String version = versionOf(object);
        StructuralSchema at = version == null ? null : schemas.get(version);
        if (at != null) {
            SchemaPruning.prune(object, at);
            SchemaDefaulting.apply(object, at);
        }
        try {
            return convert(object, version, served);
        } catch (ConversionFailure e) {
            throw StatusException.of(500, "", e.getMessage(), null);
        }
    }

    @Override
    public ObjectNode toStored(ObjectNode object) {
        try {
            return convert(object.deepCopy(), served, storage);
        } catch (ConversionFailure e) {
            throw StatusException.internal(e.getMessage());
        }
    }

    /** {@code object} at {@code to}, pruned with that version's schema unless it was already at it. */
    private ObjectNode convert(ObjectNode object, String from, String to) {
        if (to.equals(from)) {
            object.put("apiVersion", group + "/" + to);
            return object;
        }
        ObjectNode converted = converter.convert(object, group + "/" + to);
        StructuralSchema schema = schemas.get(to);
        if (schema != null) {
            SchemaPruning.prune(converted, schema);
        }
        return converted;
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
