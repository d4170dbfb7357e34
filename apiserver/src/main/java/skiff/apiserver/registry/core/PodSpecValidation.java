package skiff.apiserver.registry.core;

import static skiff.apiserver.registry.core.GoFields.present;
import static skiff.apiserver.registry.core.GoFields.text;
import static skiff.apiserver.registry.core.GoType.BOOL;
import static skiff.apiserver.registry.core.GoType.INT64;
import static skiff.apiserver.registry.core.GoType.SLICE;
import static skiff.apiserver.registry.core.GoType.STRING;
import static skiff.apiserver.registry.core.GoType.STRUCT;
import static skiff.apiserver.registry.core.GoType.field;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.api.validation.ObjectMetaValidation;
import skiff.api.validation.PortValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules for a pod spec, whether of a pod or of a template, in the order Kubernetes reports them (k/k
 * pkg/apis/core/validation/validation.go ValidatePodSpec). Volumes, security contexts, affinity, DNS config,
 * topology spread and resources are not checked yet.
 */
final class PodSpecValidation {
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    private static final long MAX_INT32 = Integer.MAX_VALUE;

    private PodSpecValidation() {}

    static List<FieldError> validate(JsonNode spec, String path) {
        // k/k staging/src/k8s.io/api/core/v1/types.go PodSpec: the Go types of the fields read here.
        List<FieldError> errors = new ArrayList<>(GoType.check(spec, path,
                field("terminationGracePeriodSeconds", INT64), field("activeDeadlineSeconds", INT64),
                field("containers", SLICE), field("initContainers", SLICE), field("restartPolicy", STRING),
                field("dnsPolicy", STRING), field("nodeSelector", STRUCT), field("serviceAccountName", STRING),
                field("nodeName", STRING), field("hostname", STRING), field("subdomain", STRING),
                field("priorityClassName", STRING), field("hostNetwork", BOOL), field("tolerations", SLICE)));
        JsonNode grace = spec.get("terminationGracePeriodSeconds");
        if (!present(grace)) {
            errors.add(FieldError.required(path + ".terminationGracePeriodSeconds", ""));
        }
        Long gracePeriod = present(grace) ? grace.asLong() : null;
        errors.addAll(ContainerValidation.containers(spec.path("containers"), gracePeriod, path + ".containers"));
        errors.addAll(ContainerValidation.initContainers(spec.path("initContainers"), spec.path("containers"),
                gracePeriod, path + ".initContainers"));
        errors.addAll(ContainerValidation.ephemeralContainers(spec.path("ephemeralContainers"), spec.path("containers"),
                spec.path("initContainers"), path + ".ephemeralContainers"));
        errors.addAll(ContainerValidation.oneOf(text(spec, "restartPolicy"), RESTART_POLICIES, path + ".restartPolicy"));
        errors.addAll(ContainerValidation.oneOf(text(spec, "dnsPolicy"), DNS_POLICIES, path + ".dnsPolicy"));
        errors.addAll(ObjectMetaValidation.validateLabels(GoFields.stringMap(spec, "nodeSelector"),
                path + ".nodeSelector"));
        errors.addAll(subdomain(spec, "serviceAccountName", path));
        errors.addAll(subdomain(spec, "nodeName", path));
        errors.addAll(activeDeadlineSeconds(spec, path));
        errors.addAll(label(spec, "hostname", path));
        errors.addAll(label(spec, "subdomain", path));
        errors.addAll(subdomain(spec, "priorityClassName", path));
        return errors;
    }

    // k/k validation.go ValidatePodSpec: when set, between one second and the largest int32.
    private static List<FieldError> activeDeadlineSeconds(JsonNode spec, String path) {
        JsonNode value = spec.get("activeDeadlineSeconds");
        if (!present(value)) {
            return List.of();
        }
        long seconds = value.asLong(0);
        if (seconds < 1 || seconds > MAX_INT32) {
            return List.of(FieldError.invalid(path + ".activeDeadlineSeconds", seconds,
                    PortValidation.inclusiveRangeError(1, MAX_INT32)));
        }
        return List.of();
    }

    private static List<FieldError> subdomain(JsonNode spec, String field, String path) {
        String value = text(spec, field);
        if (value.isEmpty()) {
            return List.of();
        }
        return NameValidation.isDns1123Subdomain(value).stream()
                .map(m -> FieldError.invalid(path + "." + field, value, m)).toList();
    }

    private static List<FieldError> label(JsonNode spec, String field, String path) {
        String value = text(spec, field);
        if (value.isEmpty()) {
            return List.of();
        }
        return NameValidation.isDns1123Label(value).stream()
                .map(m -> FieldError.invalid(path + "." + field, value, m)).toList();
    }
}
