package skiff.apiserver.registry.core;

import static skiff.apiserver.registry.core.GoFields.present;
import static skiff.apiserver.registry.core.GoFields.text;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.PortValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules for a container's probes and lifecycle hooks: exactly one handler each, well-formed handlers, and
 * non-negative timings (k/k pkg/apis/core/validation/validation.go validateProbe, validateHandler and their callers).
 */
final class ProbeValidation {
    private static final List<String> PROBE_HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");
    private static final List<String> LIFECYCLE_HANDLERS = List.of("exec", "httpGet", "tcpSocket", "sleep");
    private static final List<String> NON_NEGATIVE =
            List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold");

    private ProbeValidation() {}

    // k/k validation.go validateLivenessProbe and validateStartupProbe: one success is enough to count as up.
    static List<FieldError> livenessOrStartup(JsonNode probe, Long gracePeriod, String path) {
        if (!present(probe)) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(probe(probe, gracePeriod, path));
        long success = probe.path("successThreshold").asLong(0);
        if (success != 1) {
            errors.add(FieldError.invalid(path + ".successThreshold", success, "must be 1"));
        }
        return errors;
    }

    // k/k validation.go validateReadinessProbe: readiness never kills, so it takes no termination grace period.
    static List<FieldError> readiness(JsonNode probe, Long gracePeriod, String path) {
        if (!present(probe)) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(probe(probe, gracePeriod, path));
        if (present(probe.get("terminationGracePeriodSeconds"))) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds",
                    probe.get("terminationGracePeriodSeconds"), "must not be set for readinessProbes"));
        }
        return errors;
    }

    // k/k validation.go validateLifecycle: each hook present is a handler.
    static List<FieldError> lifecycle(JsonNode lifecycle, Long gracePeriod, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (String hook : List.of("postStart", "preStop")) {
            if (present(lifecycle.get(hook))) {
                errors.addAll(handler(lifecycle.get(hook), LIFECYCLE_HANDLERS, gracePeriod, path + "." + hook));
            }
        }
        return errors;
    }

    // k/k validation.go validateProbe: the handler, then the timings in declaration order.
    private static List<FieldError> probe(JsonNode probe, Long gracePeriod, String path) {
        List<FieldError> errors = new ArrayList<>(handler(probe, PROBE_HANDLERS, gracePeriod, path));
        for (String field : NON_NEGATIVE) {
            long value = probe.path(field).asLong(0);
            if (value < 0) {
                errors.add(FieldError.invalid(path + "." + field, value, "must be greater than or equal to 0"));
            }
        }
        JsonNode grace = probe.get("terminationGracePeriodSeconds");
        if (present(grace) && grace.asLong() <= 0) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", grace.asLong(),
                    "must be greater than 0"));
        }
        return errors;
    }

    // k/k validation.go validateHandler: the first handler type set counts, every further one is forbidden, and
    // none at all is a missing handler.
    private static List<FieldError> handler(JsonNode handler, List<String> types, Long gracePeriod, String path) {
        List<FieldError> errors = new ArrayList<>();
        int count = 0;
        for (String type : types) {
            JsonNode action = handler.get(type);
            if (!present(action)) {
                continue;
            }
            if (count > 0) {
                errors.add(FieldError.forbidden(path + "." + type, "may not specify more than 1 handler type"));
                continue;
            }
            count++;
            errors.addAll(action(type, action, gracePeriod, path + "." + type));
        }
        if (count == 0) {
            errors.add(FieldError.required(path, "must specify a handler type"));
        }
        return errors;
    }

    private static List<FieldError> action(String type, JsonNode action, Long gracePeriod, String path) {
        return switch (type) {
            case "exec" -> action.path("command").isEmpty()
                    ? List.of(FieldError.required(path + ".command", "")) : List.of();
            case "httpGet" -> httpGet(action, path);
            case "tcpSocket" -> portNumOrName(action.get("port"), path + ".port");
            case "grpc" -> PortValidation.isValidPortNum(action.path("port").asLong(0)).stream()
                    .map(m -> FieldError.invalid(path + ".port", action.path("port").asLong(0), m)).toList();
            default -> sleep(action, gracePeriod, path);
        };
    }

    // k/k validation.go validateHTTPGetAction: a path, a valid port, and HTTP or HTTPS.
    private static List<FieldError> httpGet(JsonNode http, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (text(http, "path").isEmpty()) {
            errors.add(FieldError.required(path + ".path", ""));
        }
        errors.addAll(portNumOrName(http.get("port"), path + ".port"));
        String scheme = text(http, "scheme");
        if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
            errors.add(FieldError.notSupported(path + ".scheme", scheme, List.of("HTTP", "HTTPS")));
        }
        return errors;
    }

    // k/k validation.go ValidatePortNumOrName: a number must be a port number, a string a port name.
    static List<FieldError> portNumOrName(JsonNode port, String path) {
        if (port != null && port.isString()) {
            String name = port.stringValue();
            return PortValidation.isValidPortName(name).stream().map(m -> FieldError.invalid(path, name, m)).toList();
        }
        long number = port == null ? 0 : port.asLong(0);
        return PortValidation.isValidPortNum(number).stream().map(m -> FieldError.invalid(path, number, m)).toList();
    }

    // k/k validation.go validateSleepAction: zero up to the pod's termination grace period.
    private static List<FieldError> sleep(JsonNode sleep, Long gracePeriod, String path) {
        long seconds = sleep.path("seconds").asLong(0);
        if (gracePeriod != null && (seconds < 0 || seconds > gracePeriod)) {
            return List.of(FieldError.invalid(path, seconds,
                    "must be non-negative and less than terminationGracePeriodSeconds (" + gracePeriod + ")"));
        }
        return List.of();
    }
}
