package skiff.kubelet.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Everything the runtime knows about one pod: its sandbox, if any, and every container attempt it keeps. */
public record PodRuntimeStatus(String podUid, Optional<Sandbox> sandbox, List<RuntimeContainer> containers) {

    public PodRuntimeStatus {
        containers = containers.stream()
                .sorted(Comparator.comparing(RuntimeContainer::name).thenComparing(RuntimeContainer::attempt,
                        Comparator.reverseOrder()))
                .toList();
    }

    public static PodRuntimeStatus empty(String podUid) {
        return new PodRuntimeStatus(podUid, Optional.empty(), List.of());
    }

    /** Attempts of one container, newest first. */
    public List<RuntimeContainer> attempts(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).toList();
    }

    /** The newest attempt of a container. */
    public Optional<RuntimeContainer> latest(String name) {
        return attempts(name).stream().findFirst();
    }

    /** The attempt before the newest one, the source of {@code lastState}. */
    public Optional<RuntimeContainer> previous(String name) {
        return attempts(name).stream().skip(1).findFirst();
    }

    public List<RuntimeContainer> running() {
        return containers.stream().filter(RuntimeContainer::running).toList();
    }
}
