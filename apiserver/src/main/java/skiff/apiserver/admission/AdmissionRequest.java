package skiff.apiserver.admission;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * One write as admission plugins see it (k/k apiserver pkg/admission/attributes.go): the operation, the resource and
 * subresource ("" for the object itself), where and what it names, the object being written (mutable: mutating
 * plugins change it in place; null on delete), the stored one (null on create), who asks (null: the server) and
 * where warnings for the client (k/k apiserver pkg/warning) and annotations for the audit log go (k/k apiserver
 * pkg/admission/attributes.go AddAnnotation).
 */
public record AdmissionRequest(Operation operation, ResourceDefinition resource, String subresource, String namespace,
        String name, ObjectNode object, ObjectNode oldObject, boolean dryRun, UserInfo user,
        Consumer<String> warnings, BiConsumer<String, String> auditAnnotations) {

    public AdmissionRequest {
        warnings = warnings == null ? w -> {} : warnings;
        auditAnnotations = auditAnnotations == null ? (key, value) -> {} : auditAnnotations;
    }

    /** A request that is not audited. */
    public AdmissionRequest(Operation operation, ResourceDefinition resource, String subresource, String namespace,
            String name, ObjectNode object, ObjectNode oldObject, boolean dryRun, UserInfo user,
            Consumer<String> warnings) {
        this(operation, resource, subresource, namespace, name, object, oldObject, dryRun, user, warnings, null);
    }

    /** A request whose warnings reach no client. */
    public AdmissionRequest(Operation operation, ResourceDefinition resource, String subresource, String namespace,
            String name, ObjectNode object, ObjectNode oldObject, boolean dryRun, UserInfo user) {
        this(operation, resource, subresource, namespace, name, object, oldObject, dryRun, user, null);
    }

    /** A request on no user's behalf (the server's own writes). */
    public AdmissionRequest(Operation operation, ResourceDefinition resource, String subresource, String namespace,
            String name, ObjectNode object, ObjectNode oldObject, boolean dryRun) {
        this(operation, resource, subresource, namespace, name, object, oldObject, dryRun, null);
    }

    /** This request on {@code other}'s behalf. */
    public AdmissionRequest withUser(UserInfo other) {
        return new AdmissionRequest(operation, resource, subresource, namespace, name, object, oldObject, dryRun, other,
                warnings, auditAnnotations);
    }

    /** Whether the request is to the object itself rather than one of its subresources. */
    public boolean mainResource() {
        return subresource.isEmpty();
    }

    /** Whether the request is to {@code resource} of the core group, for example "pods". */
    public boolean isCore(String resourceName) {
        return resource.group().isEmpty() && resource.resource().equals(resourceName);
    }
}
