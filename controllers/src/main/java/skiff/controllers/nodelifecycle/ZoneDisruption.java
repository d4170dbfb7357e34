package skiff.controllers.nodelifecycle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import skiff.api.time.Clock;

/**
 * The health of each zone and the pace at which its unhealthy nodes get NoExecute taints (k/k
 * node_lifecycle_controller.go handleDisruption and setLimiterInZone): the normal eviction rate; the secondary
 * rate for a partially disrupted zone of a large cluster, none in a small one; and, when every zone is fully
 * disrupted, no tainting at all and no NoExecute taints left, because then the control plane is more likely cut off
 * from the nodes than every node broken ("master disruption mode").
 */
final class ZoneDisruption {
    /** What a check changed that the controller must act on. */
    enum Change {
        NONE,
        /** Every zone is now fully disrupted: take the NoExecute taints off every node. */
        ENTERED_FULL_DISRUPTION,
        /** Some node is Ready again after all were not: count every node's heartbeat from now. */
        EXITED_FULL_DISRUPTION
    }

    private final NodeLifecycleOptions options;
    private final Clock clock;
    private final Map<String, ZoneState> states = new HashMap<>();
    private final Map<String, TaintQueue> queues = new ConcurrentHashMap<>();

    ZoneDisruption(NodeLifecycleOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /** The taint queue of {@code zone}, created at the normal rate for a zone seen first (addPodEvictorForNewZone). */
    TaintQueue queue(String zone) {
        return queues.computeIfAbsent(zone, z -> new TaintQueue(clock, options.evictionRate()));
    }

    /** Lets the queued nodes of every zone through, each zone at its own pace. */
    void process(Predicate<String> taint) {
        for (TaintQueue queue : queues.values()) {
            queue.process(taint);
        }
    }

    boolean anyQueued() {
        return queues.values().stream().anyMatch(TaintQueue::nonEmpty);
    }

    /** Takes {@code node} out of every zone's queue. */
    void forget(String node) {
        for (TaintQueue queue : queues.values()) {
            queue.remove(node);
        }
    }

    synchronized ZoneState state(String zone) {
        return states.getOrDefault(zone, ZoneState.INITIAL);
    }

    /** Takes in the Ready statuses of each zone's nodes ("True", "False", "Unknown", or "" for none posted). */
    synchronized Change check(Map<String, List<String>> readyByZone) {
        Map<String, ZoneState> next = new HashMap<>();
        boolean allFullyDisrupted = true;
        for (Map.Entry<String, List<String>> zone : readyByZone.entrySet()) {
            int ready = (int) zone.getValue().stream().filter("True"::equals).count();
            ZoneState state = ZoneState.of(ready, zone.getValue().size() - ready, options.unhealthyZoneThreshold());
            allFullyDisrupted &= state == ZoneState.FULL_DISRUPTION;
            next.put(zone.getKey(), state);
            states.putIfAbsent(zone.getKey(), ZoneState.INITIAL);
            queue(zone.getKey());
        }
        states.keySet().retainAll(readyByZone.keySet());
        boolean allWereFullyDisrupted = states.values().stream().allMatch(s -> s == ZoneState.FULL_DISRUPTION);
        if (allFullyDisrupted && allWereFullyDisrupted) {
            return Change.NONE;
        }
        if (allFullyDisrupted) {
            states.replaceAll((zone, state) -> ZoneState.FULL_DISRUPTION);
            states.keySet().forEach(zone -> queue(zone).swapRate(0));
            return Change.ENTERED_FULL_DISRUPTION;
        }
        Change change = allWereFullyDisrupted ? Change.EXITED_FULL_DISRUPTION : Change.NONE;
        for (Map.Entry<String, ZoneState> zone : next.entrySet()) {
            if (change == Change.EXITED_FULL_DISRUPTION || states.get(zone.getKey()) != zone.getValue()) {
                queue(zone.getKey()).swapRate(rate(zone.getValue(), readyByZone.get(zone.getKey()).size()));
                states.put(zone.getKey(), zone.getValue());
            }
        }
        return change;
    }

    private double rate(ZoneState state, int zoneSize) {
        return switch (state) {
            case PARTIAL_DISRUPTION -> zoneSize > options.largeClusterSizeThreshold()
                    ? options.secondaryEvictionRate() : 0;
            case NORMAL, FULL_DISRUPTION, INITIAL -> options.evictionRate();
        };
    }
}
