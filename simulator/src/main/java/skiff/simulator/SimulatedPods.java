package skiff.simulator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import skiff.api.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status a simulated node reports for a pod bound to it: Running and Ready at once, every container running
 * and ready, as kwok's default stages do.
 */
final class SimulatedPods {
    private SimulatedPods() {}

    static boolean needsRunningStatus(Pod pod) {
        return pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())
                || pod.getStatus().getConditions() == null;
    }

    /** A merge patch of the pod's conditions with Ready True again (since {@code now}), the others as they are. */
    static String readyAgainPatch(Pod pod, Instant now) {
        ObjectNode patch = Json.object();
        ArrayNode conditions = patch.putObject("status").putArray("conditions");
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (!"Ready".equals(c.getType())) {
                ObjectNode kept = conditions.addObject();
                kept.put("type", c.getType());
                kept.put("status", c.getStatus());
                kept.putNull("lastProbeTime");
                kept.put("lastTransitionTime", c.getLastTransitionTime());
                if (c.getReason() != null) {
                    kept.put("reason", c.getReason());
                }
                if (c.getMessage() != null) {
                    kept.put("message", c.getMessage());
                }
            }
        }
        ObjectNode ready = conditions.addObject();
        ready.put("type", "Ready");
        ready.put("status", "True");
        ready.putNull("lastProbeTime");
        ready.put("lastTransitionTime", SimulatedNodes.stamp(now));
        return Json.string(patch);
    }

    /** A merge patch of the pod's status to Running. */
    static String runningStatusPatch(Pod pod, String hostIp, String podIp, Instant now) {
        String stamp = SimulatedNodes.stamp(now);
        ObjectNode patch = Json.object();
        ObjectNode status = patch.putObject("status");
        status.put("phase", "Running");
        status.put("hostIP", hostIp);
        status.putArray("hostIPs").addObject().put("ip", hostIp);
        status.put("podIP", podIp);
        status.putArray("podIPs").addObject().put("ip", podIp);
        status.put("startTime", stamp);
        status.put("qosClass", pod.getStatus() != null && pod.getStatus().getQosClass() != null
                ? pod.getStatus().getQosClass() : "BestEffort");
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled"}) {
            ObjectNode c = conditions.addObject();
            c.put("type", type);
            c.put("status", "True");
            c.putNull("lastProbeTime");
            c.put("lastTransitionTime", stamp);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        for (Container container : pod.getSpec().getContainers()) {
            ObjectNode c = containers.addObject();
            c.put("name", container.getName());
            c.put("image", container.getImage());
            c.put("imageID", "");
            c.put("containerID", "sim://" + pod.getMetadata().getUid() + "/" + container.getName());
            c.put("ready", true);
            c.put("started", true);
            c.put("restartCount", 0);
            c.putObject("state").putObject("running").put("startedAt", stamp);
        }
        return Json.string(patch);
    }
}
