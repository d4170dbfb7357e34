package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The runtime ID of a pod's running container, read from the status this kubelet reported, and its TTY setting. */
final class RunningContainers {
    private RunningContainers() {}

    static Optional<String> idOf(Pod pod, String container) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return Stream.of(pod.getStatus().getContainerStatuses(), pod.getStatus().getInitContainerStatuses(),
                        pod.getStatus().getEphemeralContainerStatuses())
                .filter(l -> l != null).flatMap(List::stream)
                .filter(s -> container.equals(s.getName()) && s.getState() != null && s.getState().getRunning() != null)
                .map(ContainerStatus::getContainerID).filter(id -> id != null && !id.isEmpty())
                .map(id -> id.contains("://") ? id.substring(id.indexOf("://") + 3) : id)
                .findFirst();
    }

    /** Whether the named container (init, regular or ephemeral) of the pod's spec has {@code tty: true}. */
    static boolean tty(Pod pod, String container) {
        if (pod.getSpec() == null) {
            return false;
        }
        Stream<Boolean> ephemeral = pod.getSpec().getEphemeralContainers() == null ? Stream.empty()
                : pod.getSpec().getEphemeralContainers().stream().filter(c -> container.equals(c.getName()))
                        .map(c -> c.getTty());
        Stream<Boolean> others = Stream.of(pod.getSpec().getContainers(), pod.getSpec().getInitContainers())
                .filter(l -> l != null).flatMap(List::stream).filter(c -> container.equals(c.getName()))
                .map(c -> c.getTty());
        return Stream.concat(others, ephemeral).anyMatch(Boolean.TRUE::equals);
    }
}
