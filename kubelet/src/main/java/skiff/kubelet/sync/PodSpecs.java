package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Null-safe reads of the pod fields the kubelet decides on. */
public final class PodSpecs {
    private PodSpecs() {}

    public static List<Container> initContainers(Pod pod) {
        List<Container> list = pod.getSpec().getInitContainers();
        return list == null ? List.of() : list;
    }

    public static List<Container> containers(Pod pod) {
        List<Container> list = pod.getSpec().getContainers();
        return list == null ? List.of() : list;
    }

    /**
     * The ephemeral containers as containers (k/k pkg/kubelet/kuberuntime/kuberuntime_container.go: the kubelet runs
     * an EphemeralContainerCommon as a Container; validation keeps ports, probes, lifecycle and resources out).
     */
    public static List<Container> ephemeralContainers(Pod pod) {
        List<EphemeralContainer> list = pod.getSpec().getEphemeralContainers();
        if (list == null) {
            return List.of();
        }
        return list.stream().map(e -> new ContainerBuilder().withName(e.getName()).withImage(e.getImage())
                .withCommand(e.getCommand()).withArgs(e.getArgs()).withWorkingDir(e.getWorkingDir())
                .withEnv(e.getEnv()).withEnvFrom(e.getEnvFrom()).withVolumeMounts(e.getVolumeMounts())
                .withVolumeDevices(e.getVolumeDevices()).withImagePullPolicy(e.getImagePullPolicy())
                .withSecurityContext(e.getSecurityContext()).withStdin(e.getStdin()).withStdinOnce(e.getStdinOnce())
                .withTty(e.getTty()).withTerminationMessagePath(e.getTerminationMessagePath())
                .withTerminationMessagePolicy(e.getTerminationMessagePolicy()).build()).toList();
    }

    /** An ephemeral container's {@code targetContainerName}, "" when it has none. */
    public static String targetContainer(Pod pod, String ephemeralContainer) {
        List<EphemeralContainer> list = pod.getSpec().getEphemeralContainers();
        return list == null ? "" : list.stream().filter(e -> ephemeralContainer.equals(e.getName()))
                .map(EphemeralContainer::getTargetContainerName).filter(t -> t != null).findFirst().orElse("");
    }

    // k/k pkg/api/v1/pod/util.go IsRestartableInitContainer: an init container with restartPolicy Always is a sidecar.
    public static boolean sidecar(Container initContainer) {
        return "Always".equals(initContainer.getRestartPolicy());
    }

    public static List<Container> sidecars(Pod pod) {
        return initContainers(pod).stream().filter(PodSpecs::sidecar).toList();
    }

    /** The containers that run beside each other once the pod is initialized: sidecars, then regular ones. */
    public static List<Container> longRunning(Pod pod) {
        List<Container> all = new ArrayList<>(sidecars(pod));
        all.addAll(containers(pod));
        return all;
    }

    /** The pod's restart policy, Always when unset (k/k pkg/apis/core/v1/defaults.go SetDefaults_PodSpec). */
    public static String restartPolicy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null || policy.isEmpty() ? "Always" : policy;
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static boolean terminal(Pod pod) {
        String phase = phase(pod);
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    public static boolean deleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** The status the API has for a container, init or regular. */
    public static Optional<ContainerStatus> apiStatus(Pod pod, String name, boolean init) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return find(init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses(), name);
    }

    /** The status the API has for an ephemeral container. */
    public static Optional<ContainerStatus> apiEphemeralStatus(Pod pod, String name) {
        return pod.getStatus() == null ? Optional.empty()
                : find(pod.getStatus().getEphemeralContainerStatuses(), name);
    }

    private static Optional<ContainerStatus> find(List<ContainerStatus> list, String name) {
        return list == null ? Optional.empty() : list.stream().filter(s -> name.equals(s.getName())).findFirst();
    }

    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
