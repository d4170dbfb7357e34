package skiff.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/** What a delete did: the object is gone, or it is marked and waits for its finalizers. */
public sealed interface DeleteResult {
    ObjectNode object();

    record DeletedNow(ObjectNode object) implements DeleteResult {}

    record MarkedForDeletion(ObjectNode object) implements DeleteResult {}
}
