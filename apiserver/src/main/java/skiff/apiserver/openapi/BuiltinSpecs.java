package skiff.apiserver.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' published OpenAPI v3 documents of the built-in group-versions Skiff serves: api/openapi-spec/v3 of
 * kubernetes/kubernetes at v1.32, kept as resources (skiff/apiserver/openapi/v3, regenerated with
 * {@code bin/update-openapi-spec}) and read only when a document is first asked for; and each document's schemas
 * without their descriptions (skiff/apiserver/openapi/v3-schemas, made by the same script), a tenth of the bytes,
 * for what reads only the schemas' structure.
 */
public final class BuiltinSpecs {
    private static final String FOLDER = "/skiff/apiserver/openapi/v3/";
    private static final String SCHEMAS_FOLDER = "/skiff/apiserver/openapi/v3-schemas/";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    private volatile ObjectNode metaSchemas;

    /** Kubernetes' document for "api/v1" or "apis/GROUP/VERSION", as stored. */
    public static Optional<byte[]> source(String path) {
        return resource(FOLDER, path);
    }

    /**
     * The {@code components.schemas} of {@link #source}'s document with every "description" that is a string
     * removed (a property named "description" stays).
     */
    public static Optional<byte[]> schemasWithoutDescriptions(String path) {
        return resource(SCHEMAS_FOLDER, path);
    }

    private static Optional<byte[]> resource(String folder, String path) {
        try (InputStream in = BuiltinSpecs.class.getResourceAsStream(folder + path.replace("/", "__")
                + "_openapi.json")) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ObjectMeta, ListMeta and the schemas they refer to, which every custom resource's document carries. */
    ObjectNode metaSchemas() {
        ObjectNode schemas = metaSchemas;
        if (schemas == null) {
            ObjectNode all = (ObjectNode) Json.parse(source("api/v1").orElseThrow()).path("components").path("schemas");
            schemas = SchemaGraph.only(all, SchemaGraph.closure(all, Set.of(OBJECT_META, LIST_META)));
            metaSchemas = schemas;
        }
        return schemas;
    }

    static String objectMetaRef() {
        return SchemaGraph.V3_PREFIX + OBJECT_META;
    }

    static String listMetaRef() {
        return SchemaGraph.V3_PREFIX + LIST_META;
    }
}
