package skiff.e2e.controllers;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Sets {@code spec.replicas} with a merge patch, which carries no resourceVersion: fabric8's {@code scale(n)} PUTs
 * the Scale it just read, and loses (409) to a controller's status write in between, as any optimistic update may.
 */
public final class ReplicasPatch {
    private ReplicasPatch() {}

    public static void set(Resource<?> resource, int replicas) {
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }
}
