package skiff.kubelet.lifecycle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.util.Optional;

/** Runs a container's preStop hook within the grace period (docs concepts/containers/container-lifecycle-hooks.md). */
public final class PreStopHook {
    private final HandlerRunner handlers;

    public PreStopHook(HandlerRunner handlers) {
        this.handlers = handlers;
    }

    /** Runs the hook if the container has one; empty when it has none. */
    public Optional<HandlerResult> run(Container container, String containerId, String podIp, Duration budget) {
        LifecycleHandler hook = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
        if (hook == null) {
            return Optional.empty();
        }
        if (hook.getExec() != null) {
            return Optional.of(handlers.exec(containerId, hook.getExec().getCommand(), budget));
        }
        if (hook.getHttpGet() != null) {
            return Optional.of(handlers.httpGet(hook.getHttpGet(), container, podIp, budget));
        }
        if (hook.getSleep() != null) {
            Duration sleep = Duration.ofSeconds(hook.getSleep().getSeconds());
            return Optional.of(handlers.sleep(sleep.compareTo(budget) < 0 ? sleep : budget));
        }
        // tcpSocket hooks are accepted by the API but never run (k/k handlers.go: deprecated, a no-op).
        return Optional.empty();
    }
}
