package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which container attempt {@code kubectl logs} reads, from the container's status (k/k pkg/kubelet/kubelet_pods.go
 * validateContainerLogStatus): the previous attempt's with {@code previous}, else the running one, else the last
 * terminated one; a container that never started is refused with the reason it waits for.
 */
public final class LogContainerChoice {
    private LogContainerChoice() {}

    /** The chosen attempt: a runtime container ID (without its scheme), or why there is none. */
    public sealed interface Choice {}

    public record Attempt(String containerId) implements Choice {}

    public record Refused(String message) implements Choice {}

    public static Choice choose(Pod pod, String container, boolean previous) {
        String podName = pod.getMetadata().getName();
        Optional<ContainerStatus> found = statuses(pod).filter(s -> container.equals(s.getName())).findFirst();
        if (found.isEmpty()) {
            return new Refused("container \"%s\" in pod \"%s\" is not available".formatted(container, podName));
        }
        ContainerStatus status = found.get();
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        var state = status.getState();
        var waiting = state == null ? null : state.getWaiting();
        var running = state == null ? null : state.getRunning();
        var terminated = state == null ? null : state.getTerminated();
        if (previous) {
            if (last == null || empty(last.getContainerID())) {
                return new Refused("previous terminated container \"%s\" in pod \"%s\" not found"
                        .formatted(container, podName));
            }
            return attempt(last.getContainerID());
        }
        if (running != null) {
            return attempt(status.getContainerID());
        }
        if (terminated != null) {
            if (!empty(terminated.getContainerID())) {
                return attempt(terminated.getContainerID());
            }
            if (last != null && !empty(last.getContainerID())) {
                return attempt(last.getContainerID());
            }
            return new Refused("container \"%s\" in pod \"%s\" is terminated".formatted(container, podName));
        }
        if (last != null) {
            if (empty(last.getContainerID())) {
                return new Refused("container \"%s\" in pod \"%s\" is terminated".formatted(container, podName));
            }
            return attempt(last.getContainerID());
        }
        if (waiting != null) {
            return new Refused("container \"%s\" in pod \"%s\" is waiting to start: %s"
                    .formatted(container, podName, waiting.getReason()));
        }
        return new Refused("container \"%s\" in pod \"%s\" is waiting to start - no logs yet"
                .formatted(container, podName));
    }

    private static Stream<ContainerStatus> statuses(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        return Stream.of(pod.getStatus().getContainerStatuses(), pod.getStatus().getInitContainerStatuses(),
                pod.getStatus().getEphemeralContainerStatuses()).filter(l -> l != null).flatMap(List::stream);
    }

    private static Attempt attempt(String containerId) {
        int scheme = containerId.indexOf("://");
        return new Attempt(scheme < 0 ? containerId : containerId.substring(scheme + 3));
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
