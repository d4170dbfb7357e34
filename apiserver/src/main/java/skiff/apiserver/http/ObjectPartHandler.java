package skiff.apiserver.http;

import java.util.List;
import skiff.api.time.Clock;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOutcome;
import skiff.apiserver.resource.ResourceDefinition;

/**
 * A subresource that reads the whole object and writes one part of it, under that part's own strategy: status
 * (k/k StatusREST) and a pod's ephemeralcontainers (k/k pkg/registry/core/pod/storage/storage.go
 * EphemeralContainersREST).
 */
final class ObjectPartHandler implements SubresourceHandler {
    private static final List<String> VERBS = List.of("get", "patch", "update");

    private final ObjectPart part;
    private final Clock clock;
    private final PatchHandler patches;

    ObjectPartHandler(ObjectPart part, Clock clock, PatchHandler patches) {
        this.part = part;
        this.clock = clock;
        this.patches = patches;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription(part.subresource(), owner.group(), owner.version(), owner.kind(), VERBS);
    }

    @Override
    public void handle(Exchange ex, ResourceStorage storage, RequestTarget.Resource target) {
        ResourceDefinition def = storage.definition();
        switch (ex.method()) {
            case "GET" -> ResourceHandler.respond(ex, 200, def, storage.get(target.namespace(), target.name()), clock);
            case "PUT" -> {
                FieldValidation fields = FieldValidation.of(ex, def, "UpdateOptions");
                WriteOutcome outcome = storage.update(target.namespace(), target.name(),
                        fields.check(ResourceHandler.objectBody(ex)), part, RequestOptions.write(ex));
                fields.warn(ex);
                ResourceHandler.respond(ex, 200, def, outcome.object(), clock);
            }
            case "PATCH" -> ResourceHandler.respond(ex, 200, def,
                    patches.patch(ex, storage, target.namespace(), target.name(), part).object(), clock);
            default -> throw SubresourceHandler.methodNotAllowed();
        }
    }
}
