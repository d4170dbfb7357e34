package skiff.apiserver.http;

import tools.jackson.databind.node.ObjectNode;

/** Answers one kind of review: the object created is returned with its status filled in and is never stored. */
interface ReviewHandler {
    /** The review as answered, from the request, its namespace ("" for a cluster-scoped kind) and its body. */
    ObjectNode review(Exchange ex, String namespace, ObjectNode body);
}
