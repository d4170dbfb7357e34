package skiff.apiserver.registry.core;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules for a write to a pod's status (k/k pkg/apis/core/validation/validation.go ValidatePodStatusUpdate, 1.32):
 * pod annotations, custom condition types, the nominated node's name, an immutable QoS class, no terminated
 * container coming back where the restart policy forbids it, and valid pod and host IPs.
 */
final class PodStatusValidation {
    private static final Set<String> SYSTEM_CONDITIONS = Set.of("PodScheduled", "Ready", "Initialized");
    private static final String IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    private PodStatusValidation() {}

    static List<FieldError> validate(JsonNode pod, JsonNode old) {
        List<FieldError> errors = new ArrayList<>(PodUpdateValidation.annotationUpdates(pod, old));
        JsonNode status = pod.path("status");
        JsonNode oldStatus = old.path("status");
        errors.addAll(conditions(status.path("conditions")));
        String nominated = GoFields.text(status, "nominatedNodeName");
        if (!nominated.isEmpty() && !nominated.equals(GoFields.text(oldStatus, "nominatedNodeName"))) {
            NameValidation.isDns1123Subdomain(nominated).forEach(m ->
                    errors.add(FieldError.invalid("status.nominatedNodeName", nominated, m)));
        }
        // ValidateImmutableField.
        String qosClass = GoFields.text(status, "qosClass");
        if (!qosClass.equals(GoFields.text(oldStatus, "qosClass"))) {
            errors.add(FieldError.invalid("status.qosClass", qosClass, "field is immutable"));
        }
        String restartPolicy = GoFields.text(old.path("spec"), "restartPolicy");
        errors.addAll(stateTransitions(status.path("containerStatuses"), oldStatus.path("containerStatuses"),
                "status.containerStatuses", restartPolicy, Set.of()));
        errors.addAll(stateTransitions(status.path("initContainerStatuses"), oldStatus.path("initContainerStatuses"),
                "status.initContainerStatuses", restartPolicy, restartableInitContainers(old.path("spec"))));
        // The kubelet never restarts ephemeral containers: they transition as under restartPolicy Never.
        errors.addAll(stateTransitions(status.path("ephemeralContainerStatuses"),
                oldStatus.path("ephemeralContainerStatuses"), "status.ephemeralContainerStatuses", "Never", Set.of()));
        errors.addAll(ips(status.path("podIPs"), "status.podIPs"));
        errors.addAll(ips(status.path("hostIPs"), "status.hostIPs"));
        return errors;
    }

    // validatePodConditions: types other than the system's must be qualified names. Kubernetes 1.32 reports them
    // under metadata.conditions[i].Type.
    private static List<FieldError> conditions(JsonNode conditions) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            String type = GoFields.text(conditions.get(i), "type");
            if (SYSTEM_CONDITIONS.contains(type)) {
                continue;
            }
            String path = "metadata.conditions[" + i + "].Type";
            NameValidation.isQualifiedName(type).forEach(m -> errors.add(FieldError.invalid(path, type, m)));
        }
        return errors;
    }

    // ValidateContainerStateTransition and ValidateInitContainerStateTransition: unless the restart policy lets it
    // restart, a terminated container stays terminated.
    private static List<FieldError> stateTransitions(JsonNode statuses, JsonNode oldStatuses, String path,
            String restartPolicy, Set<String> restartable) {
        List<FieldError> errors = new ArrayList<>();
        if (restartPolicy.equals("Always")) {
            return errors;
        }
        for (int i = 0; i < oldStatuses.size(); i++) {
            JsonNode old = oldStatuses.get(i);
            JsonNode terminated = old.path("state").path("terminated");
            if (!terminated.isObject()) {
                continue;
            }
            String name = GoFields.text(old, "name");
            if ((terminated.path("exitCode").asInt(0) != 0 && restartPolicy.equals("OnFailure"))
                    || restartable.contains(name)) {
                continue;
            }
            for (JsonNode now : statuses) {
                if (GoFields.text(now, "name").equals(name) && !now.path("state").path("terminated").isObject()) {
                    errors.add(FieldError.forbidden(path + "[" + i + "].state",
                            "may not be transitioned to non-terminated state"));
                }
            }
        }
        return errors;
    }

    private static Set<String> restartableInitContainers(JsonNode spec) {
        Set<String> names = new HashSet<>();
        for (JsonNode c : spec.path("initContainers")) {
            if (GoFields.text(c, "restartPolicy").equals("Always")) {
                names.add(GoFields.text(c, "name"));
            }
        }
        return names;
    }

    // validatePodIPs and validateHostIPs: each a valid IP; several only as one of each family, without repeats.
    private static List<FieldError> ips(JsonNode ips, String path) {
        List<FieldError> errors = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < ips.size(); i++) {
            String ip = GoFields.text(ips.get(i), "ip");
            values.add(ip);
            if (!NetUtil.isValidIpV4Address(ip) && !NetUtil.isValidIpV6Address(ip)) {
                errors.add(FieldError.invalid(path + "[" + i + "]", ip, IP_MESSAGE));
            }
        }
        if (values.size() > 1) {
            long v4 = values.stream().filter(NetUtil::isValidIpV4Address).count();
            long v6 = values.stream().filter(NetUtil::isValidIpV6Address).count();
            if (values.size() > 2 || v4 != 1 || v6 != 1) {
                errors.add(FieldError.invalid(path, ips, "may specify no more than one IP for each IP family"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                if (!seen.add(values.get(i))) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", ips.get(i)));
                }
            }
        }
        return errors;
    }
}
