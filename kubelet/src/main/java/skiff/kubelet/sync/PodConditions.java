package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pod conditions the kubelet owns (k/k pkg/kubelet/status/generate.go; docs pod-lifecycle.md "Pod conditions").
 * Transition times are filled in later by {@link PodStatusBuilder}.
 */
public final class PodConditions {
    /** The condition types the kubelet writes; every other condition in the status belongs to someone else. */
    public static final Set<String> OWNED = Set.of("PodReadyToStartContainers", "Initialized", "Ready",
            "ContainersReady", "PodScheduled");

    private PodConditions() {}

    public static PodCondition readyToStartContainers(boolean sandboxReady) {
        return condition("PodReadyToStartContainers", sandboxReady, null, null);
    }

    // k/k generate.go GeneratePodInitializedCondition: true with no init containers, once all have succeeded, or
    // once a regular container has started; PodCompleted once the pod succeeded.
    public static PodCondition initialized(PodSpec spec, List<ContainerStatus> initStatuses,
            List<ContainerStatus> statuses, String phase) {
        List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        if (inits.isEmpty()) {
            return condition("Initialized", true, null, null);
        }
        if (phase.equals("Succeeded")) {
            return condition("Initialized", true, "PodCompleted", null);
        }
        boolean regularStarted = statuses.stream().anyMatch(s -> s.getState() != null
                && (s.getState().getRunning() != null || s.getState().getTerminated() != null)
                || s.getLastState() != null && s.getLastState().getTerminated() != null);
        List<String> incomplete = new ArrayList<>();
        for (Container c : inits) {
            // A sidecar is through once it has started, a regular init container once it succeeded.
            boolean done = find(initStatuses, c.getName()).map(s -> PodSpecs.sidecar(c)
                    ? Boolean.TRUE.equals(s.getStarted())
                    : s.getState() != null && s.getState().getTerminated() != null
                            && s.getState().getTerminated().getExitCode() == 0)
                    .orElse(false);
            if (!done) {
                incomplete.add(c.getName());
            }
        }
        if (incomplete.isEmpty() || regularStarted) {
            return condition("Initialized", true, null, null);
        }
        return condition("Initialized", false, "ContainersNotInitialized",
                "containers with incomplete status: " + goList(incomplete));
    }

    // k/k generate.go GenerateContainersReadyCondition: all sidecars and regular containers ready; PodCompleted or
    // PodFailed once the pod is terminal.
    public static PodCondition containersReady(PodSpec spec, List<ContainerStatus> initStatuses,
            List<ContainerStatus> statuses, String phase) {
        List<String> unknown = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        List<Container> inits = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        for (Container c : inits) {
            if (!PodSpecs.sidecar(c)) {
                continue;
            }
            Optional<ContainerStatus> s = find(initStatuses, c.getName());
            if (s.isEmpty()) {
                unknown.add(c.getName());
            } else if (!Boolean.TRUE.equals(s.get().getReady())) {
                unready.add(c.getName());
            }
        }
        for (Container c : spec.getContainers()) {
            Optional<ContainerStatus> s = find(statuses, c.getName());
            if (s.isEmpty()) {
                unknown.add(c.getName());
            } else if (!Boolean.TRUE.equals(s.get().getReady())) {
                unready.add(c.getName());
            }
        }
        if (unknown.isEmpty() && phase.equals("Succeeded")) {
            return condition("ContainersReady", false, "PodCompleted", null);
        }
        if (phase.equals("Failed")) {
            return condition("ContainersReady", false, "PodFailed", null);
        }
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) {
            messages.add("containers with unknown status: " + goList(unknown));
        }
        if (!unready.isEmpty()) {
            messages.add("containers with unready status: " + goList(unready));
        }
        if (!messages.isEmpty()) {
            return condition("ContainersReady", false, "ContainersNotReady", String.join(", ", messages));
        }
        return condition("ContainersReady", true, null, null);
    }

    // k/k generate.go GeneratePodReadyCondition: Ready follows ContainersReady; when that is true, every readiness
    // gate's condition must also be true.
    public static PodCondition ready(PodSpec spec, PodCondition containersReady, List<PodCondition> others) {
        if (!"True".equals(containersReady.getStatus())) {
            return condition("Ready", false, containersReady.getReason(), containersReady.getMessage());
        }
        List<String> unready = new ArrayList<>();
        for (PodReadinessGate gate : spec.getReadinessGates() == null ? List.<PodReadinessGate>of()
                : spec.getReadinessGates()) {
            String type = gate.getConditionType();
            Optional<PodCondition> c = others.stream().filter(o -> type.equals(o.getType())).findFirst();
            if (c.isEmpty()) {
                unready.add("corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
            } else if (!"True".equals(c.get().getStatus())) {
                unready.add("the status of pod readiness gate \"" + type + "\" is not \"True\", but "
                        + c.get().getStatus());
            }
        }
        if (!unready.isEmpty()) {
            return condition("Ready", false, "ReadinessGatesNotReady", String.join(", ", unready));
        }
        return condition("Ready", true, null, null);
    }

    // k/k 1.32 pkg/kubelet/status/status_manager.go NeedToReconcilePodReadiness: a pod with readiness gates whose
    // reported Ready condition no longer matches what its status' conditions now give (someone set a gate's
    // condition) must be synced, even though only its status changed.
    public static boolean readyOutdated(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec.getReadinessGates() == null || spec.getReadinessGates().isEmpty() || pod.getStatus() == null) {
            return false;
        }
        PodStatus status = pod.getStatus();
        List<PodCondition> conditions = orEmpty(status.getConditions());
        Optional<PodCondition> current = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        if (current.isEmpty()) {
            return false;
        }
        PodCondition expected = ready(spec, containersReady(spec, orEmpty(status.getInitContainerStatuses()),
                orEmpty(status.getContainerStatuses()), status.getPhase() == null ? "Pending" : status.getPhase()),
                conditions);
        return !expected.getStatus().equals(current.get().getStatus())
                || !Objects.equals(expected.getMessage(), current.get().getMessage());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    // k/k pkg/kubelet/kubelet_pods.go generateAPIPodStatus: the kubelet reports a pod it runs as scheduled.
    public static PodCondition scheduled() {
        return condition("PodScheduled", true, null, null);
    }

    private static PodCondition condition(String type, boolean status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).build();
    }

    /** A list as Go's %v prints a slice of strings: [a b]. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(s -> name.equals(s.getName())).findFirst();
    }
}
