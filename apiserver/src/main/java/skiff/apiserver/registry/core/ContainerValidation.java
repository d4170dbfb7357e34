package skiff.apiserver.registry.core;

import static skiff.apiserver.registry.core.GoFields.present;
import static skiff.apiserver.registry.core.GoFields.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.api.validation.PortValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules for a pod spec's containers and init containers: names unique across both lists, an image, valid ports
 * and policies, probes and hooks where they are allowed (k/k pkg/apis/core/validation/validation.go
 * validateContainers, validateInitContainers and validateContainerCommon).
 */
final class ContainerValidation {
    private static final List<String> MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final String NOT_RESTARTABLE = "may not be set for init containers without restartPolicy=Always";

    // k/k validation.go allowedEphemeralContainerFields: the fields an ephemeral container may not have.
    private static final List<String> NOT_FOR_EPHEMERAL = List.of("ports", "resources", "resizePolicy",
            "restartPolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle");

    private ContainerValidation() {}

    // k/k validation.go validateContainers: at least one; names unique among the regular containers (a clash with an
    // init container is reported on the init container).
    static List<FieldError> containers(JsonNode containers, Long gracePeriod, String path) {
        if (!containers.isArray() || containers.isEmpty()) {
            return List.of(FieldError.required(path, ""));
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode c = containers.get(i);
            String at = path + "[" + i + "]";
            errors.addAll(common(c, at));
            String name = text(c, "name");
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(at + ".name", name));
            }
            errors.addAll(probesAndHooks(c, gracePeriod, at));
            if (present(c.get("restartPolicy"))) {
                errors.add(FieldError.forbidden(at + ".restartPolicy", "may not be set for non-init containers"));
            }
        }
        return errors;
    }

    // k/k validation.go validateInitContainers: names unique across init and regular containers; only restartable
    // (sidecar) init containers may have probes and hooks.
    static List<FieldError> initContainers(JsonNode initContainers, JsonNode containers, Long gracePeriod,
            String path) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        containers.forEach(c -> names.add(text(c, "name")));
        for (int i = 0; i < initContainers.size(); i++) {
            JsonNode c = initContainers.get(i);
            String at = path + "[" + i + "]";
            errors.addAll(common(c, at));
            boolean restartable = false;
            if (present(c.get("restartPolicy"))) {
                String policy = text(c, "restartPolicy");
                if (!policy.equals("Always")) {
                    errors.add(FieldError.notSupported(at + ".restartPolicy", policy, List.of("Always")));
                }
                restartable = policy.equals("Always");
            }
            String name = text(c, "name");
            if (names.contains(name)) {
                errors.add(FieldError.duplicate(at + ".name", name));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
            if (restartable) {
                errors.addAll(probesAndHooks(c, gracePeriod, at));
            } else {
                for (String field : List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")) {
                    if (present(c.get(field))) {
                        errors.add(FieldError.forbidden(at + "." + field, NOT_RESTARTABLE));
                    }
                }
            }
        }
        return errors;
    }

    // k/k validation.go validateEphemeralContainers (1.32): the common container rules, a name unique across every
    // container of the pod, a target among the regular and init containers, none of the fields that would make the
    // workload rely on them (allowedEphemeralContainerFields) and no volume subpaths.
    static List<FieldError> ephemeralContainers(JsonNode ephemeral, JsonNode containers, JsonNode initContainers,
            String path) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> others = new HashSet<>();
        containers.forEach(c -> others.add(text(c, "name")));
        initContainers.forEach(c -> others.add(text(c, "name")));
        Set<String> names = new HashSet<>(others);
        for (int i = 0; i < ephemeral.size(); i++) {
            JsonNode c = ephemeral.get(i);
            String at = path + "[" + i + "]";
            errors.addAll(common(c, at));
            String image = text(c, "image");
            if (!image.equals(image.strip())) {
                errors.add(FieldError.invalid(at + ".image", image, "must not have leading or trailing whitespace"));
            }
            String name = text(c, "name");
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(at + ".name", name));
            }
            String target = text(c, "targetContainerName");
            if (!target.isEmpty() && !others.contains(target)) {
                errors.add(FieldError.notFound(at + ".targetContainerName", target));
            }
            for (String field : NOT_FOR_EPHEMERAL) {
                if (set(c.get(field))) {
                    errors.add(FieldError.forbidden(at + "." + field, "cannot be set for an Ephemeral Container"));
                }
            }
            JsonNode mounts = c.path("volumeMounts");
            for (int m = 0; m < mounts.size(); m++) {
                for (String field : List.of("subPath", "subPathExpr")) {
                    if (!text(mounts.get(m), field).isEmpty()) {
                        errors.add(FieldError.forbidden(at + ".volumeMounts[" + m + "]." + field,
                                "cannot be set for an Ephemeral Container"));
                    }
                }
            }
        }
        return errors;
    }

    // Go's zero value: a field absent, null, or an empty struct or list is not set.
    private static boolean set(JsonNode value) {
        return value != null && !value.isNull() && !(value.isContainer() && value.isEmpty())
                && !(value.isString() && value.asString().isEmpty());
    }

    // k/k validation.go validateContainerOnlyForPod: a pod's images may not be padded with blanks (templates may).
    static List<FieldError> imageWhitespace(JsonNode containers, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            String image = text(containers.get(i), "image");
            if (!image.equals(image.strip())) {
                errors.add(FieldError.invalid(path + "[" + i + "].image", image,
                        "must not have leading or trailing whitespace"));
            }
        }
        return errors;
    }

    // k/k validation.go validateContainerCommon: name, image, termination message policy, ports, pull policy.
    private static List<FieldError> common(JsonNode c, String path) {
        List<FieldError> errors = new ArrayList<>();
        String name = text(c, "name");
        if (name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        } else {
            NameValidation.isDns1123Label(name).forEach(m -> errors.add(FieldError.invalid(path + ".name", name, m)));
        }
        if (text(c, "image").isEmpty()) {
            errors.add(FieldError.required(path + ".image", ""));
        }
        errors.addAll(oneOf(text(c, "terminationMessagePolicy"), MESSAGE_POLICIES, path + ".terminationMessagePolicy"));
        errors.addAll(ports(c.path("ports"), path + ".ports"));
        errors.addAll(oneOf(text(c, "imagePullPolicy"), PULL_POLICIES, path + ".imagePullPolicy"));
        return errors;
    }

    private static List<FieldError> probesAndHooks(JsonNode c, Long gracePeriod, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (present(c.get("lifecycle"))) {
            errors.addAll(ProbeValidation.lifecycle(c.get("lifecycle"), gracePeriod, path + ".lifecycle"));
        }
        errors.addAll(ProbeValidation.livenessOrStartup(c.get("livenessProbe"), gracePeriod, path + ".livenessProbe"));
        errors.addAll(ProbeValidation.readiness(c.get("readinessProbe"), gracePeriod, path + ".readinessProbe"));
        errors.addAll(ProbeValidation.livenessOrStartup(c.get("startupProbe"), gracePeriod, path + ".startupProbe"));
        return errors;
    }

    // k/k validation.go validateContainerPorts: unique valid names, a container port in range, a host port in
    // range when set, and a supported protocol.
    private static List<FieldError> ports(JsonNode ports, String path) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String at = path + "[" + i + "]";
            String name = text(port, "name");
            if (!name.isEmpty()) {
                List<String> problems = PortValidation.isValidPortName(name);
                problems.forEach(m -> errors.add(FieldError.invalid(at + ".name", name, m)));
                if (problems.isEmpty() && !names.add(name)) {
                    errors.add(FieldError.duplicate(at + ".name", name));
                }
            }
            long containerPort = port.path("containerPort").asLong(0);
            if (containerPort == 0) {
                errors.add(FieldError.required(at + ".containerPort", ""));
            } else {
                PortValidation.isValidPortNum(containerPort)
                        .forEach(m -> errors.add(FieldError.invalid(at + ".containerPort", containerPort, m)));
            }
            long hostPort = port.path("hostPort").asLong(0);
            if (hostPort != 0) {
                PortValidation.isValidPortNum(hostPort)
                        .forEach(m -> errors.add(FieldError.invalid(at + ".hostPort", hostPort, m)));
            }
            String protocol = text(port, "protocol");
            if (protocol.isEmpty()) {
                errors.add(FieldError.required(at + ".protocol", ""));
            } else if (!PROTOCOLS.contains(protocol)) {
                errors.add(FieldError.notSupported(at + ".protocol", protocol, PROTOCOLS));
            }
        }
        return errors;
    }

    /** A required enumeration: empty is missing, anything else must be one of {@code supported}. */
    static List<FieldError> oneOf(String value, List<String> supported, String path) {
        if (value.isEmpty()) {
            return List.of(FieldError.required(path, ""));
        }
        return supported.contains(value) ? List.of() : List.of(FieldError.notSupported(path, value, supported));
    }
}
