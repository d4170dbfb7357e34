package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the {@code endpoints.kubernetes.io/last-change-trigger-time} of a Service's endpoints (k/k
 * staging/src/k8s.io/endpointslice/trigger_time_tracker.go, 1.32): a Service seen for the first time reports its
 * creation time; later syncs report the earliest trigger time that changed since the previous sync, where a pod's
 * trigger time is its Ready condition's last transition and a Service's its creation time; nothing changed → empty.
 */
public final class TriggerTimeTracker {
    public static final String ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private record State(Map<String, Instant> podTimes, Instant serviceTime) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** The trigger time for this sync of {@code service} over its selected {@code pods}; updates the state. */
    public Optional<Instant> compute(Service service, List<Pod> pods) {
        String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        State previous = states.get(key);
        Map<String, Instant> lastPodTimes = previous == null ? Map.of() : previous.podTimes();
        Instant min = null;
        Map<String, Instant> podTimes = new HashMap<>();
        for (Pod pod : pods) {
            Optional<Instant> time = readyTransition(pod);
            if (time.isPresent()) {
                podTimes.put(pod.getMetadata().getName(), time.get());
                Instant last = lastPodTimes.get(pod.getMetadata().getName());
                if (last == null || time.get().isAfter(last)) {
                    min = min == null || time.get().isBefore(min) ? time.get() : min;
                }
            }
        }
        Instant serviceTime = parse(service.getMetadata().getCreationTimestamp());
        if (serviceTime != null && (previous == null || previous.serviceTime() == null
                || serviceTime.isAfter(previous.serviceTime()))) {
            min = min == null || serviceTime.isBefore(min) ? serviceTime : min;
        }
        states.put(key, new State(podTimes, serviceTime));
        if (previous == null) {
            return Optional.ofNullable(serviceTime);
        }
        return Optional.ofNullable(min);
    }

    /** Forgets a deleted Service. */
    public void deleteService(String namespace, String name) {
        states.remove(namespace + "/" + name);
    }

    private static Optional<Instant> readyTransition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .map(PodCondition::getLastTransitionTime).map(TriggerTimeTracker::parse);
    }

    private static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
