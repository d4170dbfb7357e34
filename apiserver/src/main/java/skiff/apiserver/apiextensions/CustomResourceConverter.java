package skiff.apiserver.apiextensions;

import tools.jackson.databind.node.ObjectNode;

/** A CRD's conversion strategy: how an object of one of its versions becomes one of another. */
interface CustomResourceConverter {
    /** Strategy None: only the apiVersion changes (k/k 1.32 apiextensions-apiserver conversion/nop_converter.go). */
    CustomResourceConverter NONE = (object, apiVersion) -> {
        ObjectNode converted = object.deepCopy();
        converted.put("apiVersion", apiVersion);
        return converted;
    };

    /**
     * {@code object} at {@code apiVersion}; {@code object} is not changed.
     *
     * @throws ConversionFailure with Kubernetes' message when it cannot be converted
     */
    ObjectNode convert(ObjectNode object, String apiVersion);
}
