package skiff.apiserver.registry;

import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/** The uid and resourceVersion a delete may require the stored object to have. */
final class DeletePreconditions {
    private DeletePreconditions() {}

    // k/k staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go BeforeDelete: a mismatch is a Conflict that names
    // the kind, checked against the object as read before anything is written.
    static void check(ResourceDefinition def, ObjectNode object, DeleteOptions options) {
        String name = StoredObjects.name(object);
        String uid = StoredObjects.uid(object);
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw StatusException.conflict(def.group(), def.kind(), name, "the UID in the precondition ("
                    + options.preconditionUid() + ") does not match the UID in record (" + uid
                    + "). The object might have been deleted and then recreated");
        }
        String rv = StoredObjects.resourceVersion(object);
        if (options.preconditionResourceVersion() != null && !options.preconditionResourceVersion().equals(rv)) {
            throw StatusException.conflict(def.group(), def.kind(), name, "the ResourceVersion in the precondition ("
                    + options.preconditionResourceVersion() + ") does not match the ResourceVersion in record ("
                    + rv + "). The object might have been modified");
        }
    }
}
