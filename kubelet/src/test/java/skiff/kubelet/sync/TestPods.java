package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.runtime.Sandbox;

/** Pods and runtime states for sync tests, built by named methods. */
final class TestPods {
    static final String UID = "uid-1";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private TestPods() {}

    static Container container(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox").withCommand("sh", "-c", "true").build();
    }

    /** A pod "web" in "default" with one container "app", restartPolicy Always, bound to node "n1". */
    static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid(UID)
                .withResourceVersion("7").endMetadata()
                .withNewSpec().withNodeName("n1").withRestartPolicy("Always").withTerminationGracePeriodSeconds(30L)
                .withContainers(container("app")).endSpec()
                .withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus().build();
    }

    static Pod withInit(Pod pod, String... names) {
        List<Container> inits = new ArrayList<>();
        for (String n : names) {
            inits.add(container(n));
        }
        return new PodBuilder(pod).editSpec().withInitContainers(inits).endSpec().build();
    }

    /** An init container with restartPolicy Always: a sidecar. */
    static Container sidecar(String name) {
        return new ContainerBuilder(container(name)).withRestartPolicy("Always").build();
    }

    /** Sets the init containers: {@code sidecar:NAME} for a sidecar, a bare name for a regular one. */
    static Pod withInits(Pod pod, String... names) {
        List<Container> inits = new ArrayList<>();
        for (String n : names) {
            inits.add(n.startsWith("sidecar:") ? sidecar(n.substring("sidecar:".length())) : container(n));
        }
        return new PodBuilder(pod).editSpec().withInitContainers(inits).endSpec().build();
    }

    static Pod withPolicy(Pod pod, String policy) {
        return new PodBuilder(pod).editSpec().withRestartPolicy(policy).endSpec().build();
    }

    static Pod deleting(Pod pod, long graceSeconds) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2025-01-01T00:01:00Z")
                .withDeletionGracePeriodSeconds(graceSeconds).endMetadata().build();
    }

    static Pod withPhase(Pod pod, String phase) {
        return new PodBuilder(pod).editStatus().withPhase(phase).endStatus().build();
    }

    /** The runtime view of the pod: a sandbox and the given attempts. */
    static PodRuntimeStatus runtime(RuntimeContainer... containers) {
        return new PodRuntimeStatus(UID, Optional.of(new Sandbox(UID, "web", java.nio.file.Path.of("/pods", UID),
                java.util.Map.of(), "127.0.0.1")), List.of(containers));
    }

    static PodRuntimeStatus noSandbox() {
        return PodRuntimeStatus.empty(UID);
    }

    static RuntimeContainer running(String name, int attempt) {
        return new RuntimeContainer(name + "-" + attempt, UID, name, attempt, ContainerHash.of(container(name)),
                "busybox", ContainerState.RUNNING, T0, T0, null, 0, "", "");
    }

    static RuntimeContainer runningSidecar(String name, int attempt) {
        return new RuntimeContainer(name + "-" + attempt, UID, name, attempt, ContainerHash.of(sidecar(name)),
                "busybox", ContainerState.RUNNING, T0, T0, null, 0, "", "");
    }

    static RuntimeContainer exitedSidecar(String name, int attempt, int exitCode, Instant finishedAt) {
        return new RuntimeContainer(name + "-" + attempt, UID, name, attempt, ContainerHash.of(sidecar(name)),
                "busybox", ContainerState.EXITED, T0, T0, finishedAt, exitCode, exitCode == 0 ? "Completed" : "Error",
                "");
    }

    /** An attempt that Skiff's own shutdown stopped. */
    static RuntimeContainer interrupted(String name, int attempt, int exitCode, Instant finishedAt) {
        return new RuntimeContainer(name + "-" + attempt, UID, name, attempt, ContainerHash.of(container(name)),
                "busybox", ContainerState.EXITED, T0, T0, finishedAt, exitCode, exitCode == 0 ? "Completed" : "Error",
                "", true);
    }

    static RuntimeContainer exited(String name, int attempt, int exitCode, Instant finishedAt) {
        return new RuntimeContainer(name + "-" + attempt, UID, name, attempt, ContainerHash.of(container(name)),
                "busybox", ContainerState.EXITED, T0, T0, finishedAt, exitCode, exitCode == 0 ? "Completed" : "Error",
                "");
    }
}
