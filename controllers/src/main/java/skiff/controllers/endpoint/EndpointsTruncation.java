package skiff.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Caps an Endpoints object at 1000 addresses (k/k pkg/controller/endpoint/endpoints_controller.go truncateEndpoints,
 * 1.32): not-ready addresses go first; if the ready ones alone are too many, all not-ready ones go and the ready ones
 * are cut; each subset keeps a share proportional to its size, rounded up, within what is left.
 */
final class EndpointsTruncation {
    static final int MAX_CAPACITY = 1000;

    private EndpointsTruncation() {}

    static int count(List<EndpointSubset> subsets) {
        return subsets.stream().mapToInt(s -> s.getAddresses().size() + s.getNotReadyAddresses().size()).sum();
    }

    /** The subsets cut to capacity; the same list when they fit. */
    static List<EndpointSubset> truncate(List<EndpointSubset> subsets) {
        int ready = subsets.stream().mapToInt(s -> s.getAddresses().size()).sum();
        int notReady = subsets.stream().mapToInt(s -> s.getNotReadyAddresses().size()).sum();
        if (ready + notReady <= MAX_CAPACITY) {
            return subsets;
        }
        boolean cutReady = ready > MAX_CAPACITY;
        int max = cutReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
        int total = cutReady ? ready : notReady;
        int room = max;
        List<EndpointSubset> truncated = new ArrayList<>();
        for (EndpointSubset subset : subsets) {
            List<EndpointAddress> cut = cutReady ? subset.getAddresses() : subset.getNotReadyAddresses();
            int share = (int) Math.ceil((double) cut.size() / total * max);
            List<EndpointAddress> kept = List.copyOf(cut.subList(0, Math.min(cut.size(), Math.min(share, room))));
            room -= kept.size();
            EndpointSubsetBuilder builder = new EndpointSubsetBuilder(subset);
            if (cutReady) {
                builder.withAddresses(kept).withNotReadyAddresses(List.of());
            } else {
                builder.withNotReadyAddresses(kept);
            }
            truncated.add(builder.build());
        }
        return truncated;
    }
}
