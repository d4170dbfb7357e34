package skiff.apiserver.resource;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.table.TableConvertor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a resource served for a CustomResourceDefinition version brings of its own to the generic machinery: its
 * list kind, the pruning of request bodies to its structural schema, its Table columns, its scale subresource and its
 * deprecation.
 */
public interface CustomResource {

    String listKind();

    /** Removes, in place, the fields the schema does not specify; answers their paths ({@code spec.foo}). */
    List<String> prune(ObjectNode object);

    /** The version's openAPIV3Schema, for server-side apply's list and map types. */
    JsonNode openApiV3Schema();

    /** The Table convertor built from additionalPrinterColumns. */
    TableConvertor table();

    /** Whether the version has a scale subresource. */
    boolean scalable();

    /** The autoscaling/v1 Scale of {@code object} (only when {@link #scalable()}). */
    ObjectNode scaleOf(ObjectNode object);

    /** Sets the replicas at the scale subresource's specReplicasPath. */
    void setReplicas(ObjectNode object, int replicas);

    /** The Warning every request to this version gets when the version is deprecated. */
    Optional<String> deprecationWarning();
}
