package skiff.apiserver.http;

import java.util.List;
import skiff.api.time.Clock;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOutcome;
import skiff.apiserver.resource.ResourceDefinition;

/** A namespace's {@code finalize} subresource (k/k pkg/registry/core/namespace/storage/storage.go FinalizeREST): update only. */
final class FinalizeHandler implements SubresourceHandler {
    private final Clock clock;

    FinalizeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("finalize", owner.group(), owner.version(), owner.kind(), List.of("update"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage storage, RequestTarget.Resource target) {
        if (!ex.method().equals("PUT")) {
            throw SubresourceHandler.methodNotAllowed();
        }
        WriteOutcome outcome = storage.update(null, target.name(), ResourceHandler.objectBody(ex), ObjectPart.FINALIZE,
                RequestOptions.write(ex));
        ResourceHandler.respond(ex, 200, storage.definition(), outcome.object(), clock);
    }
}
