package skiff.kubelet.lifecycle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a container's postStart and preStop hooks (docs concepts/containers/container-lifecycle-hooks.md; k/k
 * pkg/kubelet/lifecycle/handlers.go).
 */
public final class LifecycleHooks {
    /** The most a postStart hook may take; Kubernetes sets none, but a hook must not hold its pod worker forever. */
    public static final Duration POST_START_LIMIT = Duration.ofMinutes(2);

    private final HandlerRunner handlers;

    public LifecycleHooks(HandlerRunner handlers) {
        this.handlers = handlers;
    }

    /** Runs the preStop hook within {@code budget}; empty when the container has none. */
    public Optional<HandlerResult> preStop(Container container, String containerId, String podIp, Duration budget) {
        return run(container.getLifecycle() == null ? null : container.getLifecycle().getPreStop(), container,
                containerId, podIp, budget);
    }

    /** Runs the postStart hook; empty when the container has none. */
    public Optional<HandlerResult> postStart(Container container, String containerId, String podIp) {
        return run(container.getLifecycle() == null ? null : container.getLifecycle().getPostStart(), container,
                containerId, podIp, POST_START_LIMIT);
    }

    private Optional<HandlerResult> run(LifecycleHandler hook, Container container, String containerId, String podIp,
            Duration budget) {
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
