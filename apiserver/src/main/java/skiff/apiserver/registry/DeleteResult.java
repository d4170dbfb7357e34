package skiff.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a delete did: the object is gone, it is marked and waits for its finalizers or grace period, or a graceful
 * deletion was already under way and this delete left it as it was.
 */
public sealed interface DeleteResult {
    ObjectNode object();

    record DeletedNow(ObjectNode object) implements DeleteResult {}

    record MarkedForDeletion(ObjectNode object) implements DeleteResult {}

    record AlreadyDeleting(ObjectNode object) implements DeleteResult {}
}
