package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * The writes one reconcile of a Service's EndpointSlices needs.
 *
 * @param create new slices (generateName set, no name)
 * @param update existing slices with their new content (name and resourceVersion kept)
 * @param delete existing slices to delete
 * @param skippedPods pods left out because their node is not known yet: the Service is synced again later
 */
record SlicePlan(List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete,
        List<String> skippedPods) {

    SlicePlan {
        create = List.copyOf(create);
        update = List.copyOf(update);
        delete = List.copyOf(delete);
        skippedPods = List.copyOf(skippedPods);
    }

    boolean isEmpty() {
        return create.isEmpty() && update.isEmpty() && delete.isEmpty();
    }
}
