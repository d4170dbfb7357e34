package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.kubelet.runtime.PodRuntimeStatus;

/**
 * A pod's API status from its spec, its previous API status and what the runtime has: phase, conditions, container
 * statuses, addresses, start time. Pure (after k/k pkg/kubelet/kubelet_pods.go generateAPIPodStatus).
 */
public final class PodStatusBuilder {
    private PodStatusBuilder() {}

    /**
     * What the status is computed from.
     *
     * @param waiting waiting reasons decided by the sync (back-off, start failures), by container name
     * @param podIsTerminal the pod is stopping for good and nothing of it runs any more
     * @param runtimeType scheme of container IDs
     */
    public record Input(Pod pod, PodRuntimeStatus runtime, Map<String, PodActions.Waiting> waiting,
            ContainerReadiness readiness, boolean podIsTerminal, String hostIp, String runtimeType, Instant now) {}

    public static PodStatus build(Input in) {
        Pod pod = in.pod();
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        ContainerStatuses converter = new ContainerStatuses(pod, in.runtime(), in.waiting(), in.readiness(),
                in.runtimeType(), in.podIsTerminal());
        List<ContainerStatus> initStatuses = converter.of(PodSpecs.initContainers(pod), true);
        List<ContainerStatus> statuses = converter.of(PodSpecs.containers(pod), false);
        String phase = PodPhase.of(pod.getSpec(), PodSpecs.restartPolicy(pod), initStatuses, statuses,
                in.podIsTerminal());
        // k/k kubelet_pods.go generateAPIPodStatus: a pod never leaves a terminal phase the API already shows.
        if (PodSpecs.terminal(pod)) {
            phase = PodSpecs.phase(pod);
        }
        io.fabric8.kubernetes.api.model.PodStatusBuilder b = new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions(in, old, phase, initStatuses, statuses))
                .withInitContainerStatuses(initStatuses).withContainerStatuses(statuses)
                .withEphemeralContainerStatuses(converter.ofEphemeral(PodSpecs.ephemeralContainers(pod)))
                .withHostIP(in.hostIp()).withHostIPs(new HostIP(in.hostIp()))
                .withQosClass(old.getQosClass())
                .withStartTime(old.getStartTime() != null ? old.getStartTime() : ContainerStatuses.time(in.now()));
        // k/k generateAPIPodStatus: the phase's reason and message stay while the phase does.
        if (phase.equals(old.getPhase())) {
            b.withReason(old.getReason()).withMessage(old.getMessage());
        }
        Optional<String> podIp = in.runtime().sandbox().map(s -> s.ip())
                .or(() -> Optional.ofNullable(old.getPodIP()));
        podIp.ifPresent(ip -> b.withPodIP(ip).withPodIPs(new PodIP(ip)));
        b.withNominatedNodeName(old.getNominatedNodeName());
        return b.build();
    }

    private static List<PodCondition> conditions(Input in, PodStatus old, String phase,
            List<ContainerStatus> initStatuses, List<ContainerStatus> statuses) {
        List<PodCondition> others = new ArrayList<>();
        for (PodCondition c : old.getConditions() == null ? List.<PodCondition>of() : old.getConditions()) {
            if (!PodConditions.OWNED.contains(c.getType())) {
                others.add(c);
            }
        }
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        List<PodCondition> owned = new ArrayList<>();
        owned.add(PodConditions.readyToStartContainers(in.runtime().sandbox().isPresent() && !terminal
                && !in.podIsTerminal()));
        owned.add(PodConditions.initialized(in.pod().getSpec(), initStatuses, statuses, phase));
        PodCondition containersReady = PodConditions.containersReady(in.pod().getSpec(), initStatuses, statuses,
                phase);
        owned.add(PodConditions.ready(in.pod().getSpec(), containersReady, others));
        owned.add(containersReady);
        owned.add(PodConditions.scheduled());
        List<PodCondition> all = new ArrayList<>(others);
        for (PodCondition c : owned) {
            all.add(withTransitionTime(c, old, in.now()));
        }
        return all;
    }

    /** Keeps the previous transition time while a condition's status stays the same. */
    private static PodCondition withTransitionTime(PodCondition c, PodStatus old, Instant now) {
        String previous = old.getConditions() == null ? null : old.getConditions().stream()
                .filter(o -> c.getType().equals(o.getType()) && c.getStatus().equals(o.getStatus()))
                .map(PodCondition::getLastTransitionTime).filter(t -> t != null).findFirst().orElse(null);
        c.setLastTransitionTime(previous != null ? previous : ContainerStatuses.time(now));
        c.setLastProbeTime(null);
        return c;
    }
}
