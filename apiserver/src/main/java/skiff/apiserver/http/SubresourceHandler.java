package skiff.apiserver.http;

import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;

/**
 * The endpoint of one subresource, {@code RESOURCE/NAME/SUBRESOURCE} (k/k apiserver: a rest.Storage installed under
 * "resource/subresource", which discovery then lists with the kind and verbs it implements).
 */
interface SubresourceHandler {

    /** What discovery lists for this subresource of {@code owner}. */
    SubresourceDescription description(ResourceDefinition owner);

    void handle(Exchange ex, ResourceStorage storage, RequestTarget.Resource target) throws InterruptedException;

    /** A WebSocket upgrade to the subresource; only streaming subresources (exec) take one. */
    default void upgrade(WebSocketWatch socket, ResourceStorage storage, RequestTarget.Resource target)
            throws InterruptedException {
        throw StatusException.notFound("the server could not find the requested resource");
    }

    static StatusException methodNotAllowed() {
        return StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
}
