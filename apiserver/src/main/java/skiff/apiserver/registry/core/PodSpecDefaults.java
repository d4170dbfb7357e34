package skiff.apiserver.registry.core;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The defaults Kubernetes fills into every pod spec, whether of a pod or of a template (k/k
 * pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe); the
 * DefaultTolerationSeconds admission plugin adds pods' tolerations later.
 */
public final class PodSpecDefaults {
    private static final String[] PROBES = {"livenessProbe", "readinessProbe", "startupProbe"};

    private PodSpecDefaults() {}

    /** Defaults for a pod template's spec. */
    public static void applyToTemplateSpec(ObjectNode spec) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30L);
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    applyToContainer(container);
                }
            }
        }
    }

    /** Defaults for a pod's spec: the template defaults plus what SetDefaults_Pod adds to pods. */
    public static void applyToPodSpec(ObjectNode spec) {
        applyToTemplateSpec(spec);
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c.path("resources").get("limits") instanceof ObjectNode limits) {
                    defaultRequestsToLimits((ObjectNode) c.get("resources"), limits);
                }
            }
        }
        putIfAbsent(spec, "enableServiceLinks", true);
        // k/k pkg/apis/core/v1/conversion.go: serviceAccount is the deprecated name of serviceAccountName, read when
        // serviceAccountName is empty and always written as its copy.
        String account = spec.path("serviceAccountName").asString("");
        if (account.isEmpty()) {
            account = spec.path("serviceAccount").asString("");
        }
        if (account.isEmpty()) {
            spec.remove("serviceAccountName");
            spec.remove("serviceAccount");
        } else {
            spec.put("serviceAccountName", account);
            spec.put("serviceAccount", account);
        }
    }

    // k/k defaults.go SetDefaults_Pod: a resource with a limit and no request requests its limit.
    private static void defaultRequestsToLimits(ObjectNode resources, ObjectNode limits) {
        ObjectNode requests = GoFields.struct(resources, "requests");
        if (requests == null) {
            return;
        }
        limits.properties().forEach(e -> {
            if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private static void applyToContainer(ObjectNode c) {
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        putIfAbsent(c, "imagePullPolicy", pullPolicy(c.path("image").asString("")));
        if (!c.has("resources")) {
            c.putObject("resources");
        }
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
            }
        }
        for (JsonNode e : c.path("env")) {
            JsonNode fieldRef = e.path("valueFrom").path("fieldRef");
            if (fieldRef instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
        }
        for (String probe : PROBES) {
            if (c.get(probe) instanceof ObjectNode p) {
                applyToProbe(p);
            }
        }
        for (String hook : new String[] {"postStart", "preStop"}) {
            if (c.path("lifecycle").get(hook) instanceof ObjectNode h) {
                applyToHttpGet(h);
            }
        }
    }

    // k/k defaults.go SetDefaults_Probe: a zero timing is unset, since the fields are not pointers.
    private static void applyToProbe(ObjectNode p) {
        putIfZero(p, "timeoutSeconds", 1L);
        putIfZero(p, "periodSeconds", 10L);
        putIfZero(p, "successThreshold", 1L);
        putIfZero(p, "failureThreshold", 3L);
        applyToHttpGet(p);
        if (p.get("grpc") instanceof ObjectNode grpc) {
            putIfAbsent(grpc, "service", "");
        }
    }

    // k/k defaults.go SetDefaults_HTTPGetAction: for probes and lifecycle hooks alike.
    private static void applyToHttpGet(ObjectNode handler) {
        if (handler.get("httpGet") instanceof ObjectNode http) {
            putIfAbsent(http, "path", "/");
            putIfAbsent(http, "scheme", "HTTP");
        }
    }

    private static void putIfZero(ObjectNode node, String field, long value) {
        JsonNode existing = node.get(field);
        if (existing == null || existing.isNull() || existing.isNumber() && existing.asLong() == 0) {
            node.put(field, value);
        }
    }

    // k/k defaults.go SetDefaults_Container: Always for ":latest" or no tag, otherwise IfNotPresent.
    static String pullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    /** Sets {@code field} when it is missing or null, or when a string default finds "" (Go's unset string). */
    static void putIfAbsent(ObjectNode node, String field, Object value) {
        JsonNode existing = node.get(field);
        boolean unsetString = value instanceof String && existing != null && existing.isString()
                && existing.stringValue().isEmpty();
        if (existing != null && !existing.isNull() && !unsetString) {
            return;
        }
        switch (value) {
            case String s -> node.put(field, s);
            case Long l -> node.put(field, l);
            case Boolean b -> node.put(field, b);
            default -> throw new IllegalArgumentException("unsupported default " + value);
        }
    }
}
