package skiff.apiserver.registry.core;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoStruct;
import skiff.api.validation.NameValidation;
import skiff.api.validation.ObjectMetaValidation;
import skiff.api.validation.PortValidation;
import skiff.apiserver.service.ServiceIpValidation;
import skiff.apiserver.service.ServiceSpecs;
import tools.jackson.databind.JsonNode;

/** k/k pkg/apis/core/validation/validation.go ValidateService and ValidateServiceUpdate (1.32), in their order. */
final class ServiceValidation {
    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
    private static final int KUBELET_PORT = 10250;
    private static final int MAX_AFFINITY_SECONDS = 86400;
    private static final String CIDR_MESSAGE = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    private ServiceValidation() {}

    static List<FieldError> validate(JsonNode service) {
        JsonNode spec = service.path("spec");
        String type = GoFields.text(spec, "type");
        boolean headless = GoFields.text(spec, "clusterIP").equals(ServiceSpecs.NONE);
        List<String> clusterIps = ServiceSpecs.clusterIps(spec);
        JsonNode ports = spec.path("ports");
        List<FieldError> errors = new ArrayList<>();
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errors.add(FieldError.required("spec.ports", ""));
        }
        switch (type) {
            case "LoadBalancer" -> {
                if (headless) {
                    errors.add(FieldError.invalid("spec.clusterIPs[0]", firstOr(clusterIps),
                            "may not be set to 'None' for LoadBalancer services"));
                }
                for (int i = 0; i < ports.size(); i++) {
                    int port = ports.get(i).path("port").asInt(0);
                    if (port == KUBELET_PORT) {
                        errors.add(FieldError.invalid("spec.ports[" + i + "]", port, "may not expose port "
                                + KUBELET_PORT + " externally since it is used by kubelet"));
                    }
                }
            }
            case "NodePort" -> {
                if (headless) {
                    errors.add(FieldError.invalid("spec.clusterIPs[0]", firstOr(clusterIps),
                            "may not be set to 'None' for NodePort services"));
                }
            }
            case "ExternalName" -> {
                // ExternalName services carry no cluster IP, families or policy; externalName is a DNS name.
                if (!clusterIps.isEmpty() || !GoFields.text(spec, "clusterIP").isEmpty()) {
                    errors.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
                }
                if (!spec.path("ipFamilies").isEmpty()) {
                    errors.add(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
                }
                if (GoFields.present(spec.get("ipFamilyPolicy"))) {
                    errors.add(FieldError.forbidden("spec.ipFamilyPolicy",
                            "may not be set for ExternalName services"));
                }
                String cname = GoFields.text(spec, "externalName");
                cname = cname.endsWith(".") ? cname.substring(0, cname.length() - 1) : cname;
                if (cname.isEmpty()) {
                    errors.add(FieldError.required("spec.externalName", ""));
                } else {
                    String name = cname;
                    NameValidation.isDns1123Subdomain(name).forEach(m ->
                            errors.add(FieldError.invalid("spec.externalName", name, m)));
                }
            }
            default -> { }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            errors.addAll(validatePort(ports.get(i), ports.size() > 1, names, "spec.ports[" + i + "]"));
        }
        if (spec.get("selector") instanceof JsonNode selector && selector.isObject()) {
            errors.addAll(ObjectMetaValidation.validateLabels(GoFields.stringMap(spec, "selector"), "spec.selector"));
        }
        String affinity = GoFields.text(spec, "sessionAffinity");
        if (affinity.isEmpty()) {
            errors.add(FieldError.required("spec.sessionAffinity", ""));
        } else if (!AFFINITIES.contains(affinity)) {
            errors.add(FieldError.notSupported("spec.sessionAffinity", affinity, AFFINITIES));
        }
        if (affinity.equals("ClientIP")) {
            errors.addAll(clientIpAffinity(spec.get("sessionAffinityConfig")));
        } else if (affinity.equals("None") && GoFields.present(spec.get("sessionAffinityConfig"))) {
            errors.add(FieldError.forbidden("spec.sessionAffinityConfig",
                    "must not be set when session affinity is None"));
        }
        errors.addAll(ServiceIpValidation.validateClusterIpFields(spec));
        JsonNode externalIps = spec.path("externalIPs");
        for (int i = 0; i < externalIps.size(); i++) {
            errors.addAll(externalIp(externalIps.get(i).asString(""), "spec.externalIPs[" + i + "]"));
        }
        if (type.isEmpty()) {
            errors.add(FieldError.required("spec.type", ""));
        } else if (!TYPES.contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, TYPES));
        }
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (ServiceSpecs.nodePort(ports.get(i)) != 0) {
                    errors.add(FieldError.forbidden("spec.ports[" + i + "].nodePort",
                            "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        Set<String> nodePorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            int nodePort = ServiceSpecs.nodePort(ports.get(i));
            if (nodePort != 0 && !nodePorts.add(GoFields.text(ports.get(i), "protocol") + "/" + nodePort)) {
                errors.add(FieldError.duplicate("spec.ports[" + i + "].nodePort", nodePort));
            }
        }
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String protocol = GoFields.text(port, "protocol");
            int number = port.path("port").asInt(0);
            if (!portKeys.add(protocol + "/" + number)) {
                errors.add(FieldError.duplicate("spec.ports[" + i + "]", portKey(protocol, number)));
            }
        }
        JsonNode sourceRanges = spec.path("loadBalancerSourceRanges");
        if (!sourceRanges.isEmpty()) {
            if (!type.equals("LoadBalancer")) {
                errors.add(FieldError.forbidden("spec.LoadBalancerSourceRanges",
                        "may only be used when `type` is 'LoadBalancer'"));
            }
            for (int i = 0; i < sourceRanges.size(); i++) {
                String range = sourceRanges.get(i).asString("").trim();
                if (!isCidr(range)) {
                    errors.add(FieldError.invalid("spec.LoadBalancerSourceRanges[" + i + "]", range, CIDR_MESSAGE));
                }
            }
        }
        boolean allocateSet = GoFields.present(spec.get("allocateLoadBalancerNodePorts"));
        if (allocateSet && !type.equals("LoadBalancer")) {
            errors.add(FieldError.forbidden("spec.allocateLoadBalancerNodePorts",
                    "may only be used when `type` is 'LoadBalancer'"));
        }
        if (type.equals("LoadBalancer") && !allocateSet) {
            errors.add(FieldError.required("allocateLoadBalancerNodePorts", ""));
        }
        errors.addAll(loadBalancerClass(spec));
        errors.addAll(externalTrafficPolicy(spec));
        errors.addAll(internalTrafficPolicy(spec));
        return errors;
    }

    /** ValidateServiceUpdate: the primary cluster IP, the families and the load balancer class stay as they were. */
    static List<FieldError> validateUpdate(JsonNode service, JsonNode old) {
        JsonNode spec = service.path("spec");
        JsonNode oldSpec = old.path("spec");
        List<FieldError> errors = new ArrayList<>();
        String type = ServiceSpecs.type(spec);
        String oldType = ServiceSpecs.type(oldSpec);
        boolean headless = GoFields.text(spec, "clusterIP").equals(ServiceSpecs.NONE);
        boolean oldHeadless = GoFields.text(oldSpec, "clusterIP").equals(ServiceSpecs.NONE);
        if (!type.equals("ExternalName") && !oldType.equals("ExternalName") && !(headless && oldHeadless)) {
            List<String> ips = ServiceSpecs.clusterIps(spec);
            List<String> oldIps = ServiceSpecs.clusterIps(oldSpec);
            if (ips.size() == oldIps.size()) {
                for (int i = 0; i < ips.size(); i++) {
                    if (!ips.get(i).equals(oldIps.get(i))) {
                        errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ips, "may not change once set"));
                    }
                }
            } else if (ips.isEmpty()) {
                errors.add(FieldError.invalid("spec.clusterIPs[0]", ips, "primary clusterIP can not be unset"));
            } else if (!oldIps.isEmpty() && !ips.getFirst().equals(oldIps.getFirst())) {
                errors.add(FieldError.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
            }
            List<String> families = texts(spec.path("ipFamilies"));
            List<String> oldFamilies = texts(oldSpec.path("ipFamilies"));
            for (int i = 0; i < Math.min(families.size(), oldFamilies.size()); i++) {
                if (!families.get(i).equals(oldFamilies.get(i))) {
                    errors.add(FieldError.invalid("spec.ipFamilies[" + i + "]", families, "may not change once set"));
                }
            }
        }
        if (type.equals("LoadBalancer") && oldType.equals("LoadBalancer")
                && !spec.path("loadBalancerClass").equals(oldSpec.path("loadBalancerClass"))) {
            JsonNode value = spec.get("loadBalancerClass");
            errors.add(FieldError.invalid("spec.loadBalancerClass",
                    GoFields.present(value) ? value.asString("") : null, "may not change once set"));
        }
        errors.addAll(validate(service));
        return errors;
    }

    // validateServicePort: names are DNS labels, unique, required when there are several; protocol and ports.
    private static List<FieldError> validatePort(JsonNode port, boolean requireName, Set<String> names, String path) {
        List<FieldError> errors = new ArrayList<>();
        String name = GoFields.text(port, "name");
        if (requireName && name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        } else if (!name.isEmpty()) {
            NameValidation.isDns1123Label(name).forEach(m -> errors.add(FieldError.invalid(path + ".name", name, m)));
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
        }
        long number = port.path("port").asLong(0);
        PortValidation.isValidPortNum(number).forEach(m -> errors.add(FieldError.invalid(path + ".port", number, m)));
        String protocol = GoFields.text(port, "protocol");
        if (protocol.isEmpty()) {
            errors.add(FieldError.required(path + ".protocol", ""));
        } else if (!PROTOCOLS.contains(protocol)) {
            errors.add(FieldError.notSupported(path + ".protocol", protocol, PROTOCOLS));
        }
        errors.addAll(ProbeValidation.portNumOrName(port.get("targetPort"), path + ".targetPort"));
        JsonNode appProtocol = port.get("appProtocol");
        if (GoFields.present(appProtocol)) {
            String value = appProtocol.asString("");
            NameValidation.isQualifiedName(value).forEach(m ->
                    errors.add(FieldError.invalid(path + ".appProtocol", value, m)));
        }
        return errors;
    }

    // The duplicate port's key as Go prints the internal ServicePort holding only protocol and port.
    private static GoStruct portKey(String protocol, int port) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", "");
        fields.put("Protocol", protocol);
        fields.put("AppProtocol", null);
        fields.put("Port", port);
        fields.put("TargetPort", 0);
        fields.put("NodePort", 0);
        return new GoStruct(fields);
    }

    // validateClientIPAffinityConfig and validateAffinityTimeout.
    private static List<FieldError> clientIpAffinity(JsonNode config) {
        String path = "spec.sessionAffinityConfig";
        String why = "when session affinity type is ClientIP";
        if (!GoFields.present(config)) {
            return List.of(FieldError.required(path, why));
        }
        JsonNode clientIp = config.get("clientIP");
        if (!GoFields.present(clientIp)) {
            return List.of(FieldError.required(path + ".clientIP", why));
        }
        JsonNode timeout = clientIp.get("timeoutSeconds");
        if (!GoFields.present(timeout)) {
            return List.of(FieldError.required(path + ".clientIP.timeoutSeconds", why));
        }
        long seconds = timeout.asLong(0);
        if (seconds <= 0 || seconds > MAX_AFFINITY_SECONDS) {
            return List.of(FieldError.invalid(path + ".clientIP.timeoutSeconds", seconds,
                    "must be greater than 0 and less than " + MAX_AFFINITY_SECONDS));
        }
        return List.of();
    }

    // validateLoadBalancerClassField: only on LoadBalancer Services, as a qualified name.
    private static List<FieldError> loadBalancerClass(JsonNode spec) {
        JsonNode value = spec.get("loadBalancerClass");
        if (!GoFields.present(value)) {
            return List.of();
        }
        if (!ServiceSpecs.type(spec).equals("LoadBalancer")) {
            return List.of(FieldError.forbidden("spec.loadBalancerClass",
                    "may only be used when `type` is 'LoadBalancer'"));
        }
        String text = value.asString("");
        return NameValidation.isQualifiedName(text).stream()
                .map(m -> FieldError.invalid("spec.loadBalancerClass", text, m)).toList();
    }

    // validateServiceExternalTrafficPolicy (apiservice.ExternallyAccessible, NeedsHealthCheck).
    private static List<FieldError> externalTrafficPolicy(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        String type = ServiceSpecs.type(spec);
        boolean external = type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && !spec.path("externalIPs").isEmpty());
        String policy = GoFields.text(spec, "externalTrafficPolicy");
        if (!external) {
            if (!policy.isEmpty()) {
                errors.add(FieldError.invalid("spec.externalTrafficPolicy", policy,
                        "may only be set for externally-accessible services"));
            }
        } else if (policy.isEmpty()) {
            errors.add(FieldError.required("spec.externalTrafficPolicy", ""));
        } else if (!TRAFFIC_POLICIES.contains(policy)) {
            errors.add(FieldError.notSupported("spec.externalTrafficPolicy", policy, TRAFFIC_POLICIES));
        }
        int health = spec.path("healthCheckNodePort").asInt(0);
        if (!ServiceSpecs.needsHealthCheckNodePort(spec)) {
            if (health != 0) {
                errors.add(FieldError.invalid("spec.healthCheckNodePort", health,
                        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
            }
        } else if (health == 0) {
            errors.add(FieldError.required("spec.healthCheckNodePort", ""));
        } else {
            PortValidation.isValidPortNum(health).forEach(m ->
                    errors.add(FieldError.invalid("spec.healthCheckNodePort", health, m)));
        }
        return errors;
    }

    // validateServiceInternalTrafficFieldsValue.
    private static List<FieldError> internalTrafficPolicy(JsonNode spec) {
        JsonNode value = spec.get("internalTrafficPolicy");
        String type = GoFields.text(spec, "type");
        if (!GoFields.present(value)) {
            if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
                return List.of(FieldError.required("spec.internalTrafficPolicy", ""));
            }
            return List.of();
        }
        String policy = value.asString("");
        return TRAFFIC_POLICIES.contains(policy) ? List.of()
                : List.of(FieldError.notSupported("spec.internalTrafficPolicy", policy, TRAFFIC_POLICIES));
    }

    // ValidateNonSpecialIP after IsValidIP.
    private static List<FieldError> externalIp(String ip, String path) {
        if (!ServiceIpValidation.isIp(ip)) {
            return List.of(FieldError.invalid(path, ip, ServiceIpValidation.IP_MESSAGE));
        }
        byte[] b = NetUtil.createByteArrayFromIpAddressString(ip);
        boolean v4 = b.length == 4;
        boolean zero = true;
        for (byte x : b) {
            zero &= x == 0;
        }
        if (zero) {
            return List.of(FieldError.invalid(path, ip, "may not be unspecified (0.0.0.0)"));
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        boolean loopback = v4 ? b0 == 127 : Arrays.equals(b, NetUtil.createByteArrayFromIpAddressString("::1"));
        if (loopback) {
            return List.of(FieldError.invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }
        if (v4 ? b0 == 169 && b1 == 254 : b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return List.of(FieldError.invalid(path, ip,
                    "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        if (v4 ? b0 == 224 && b1 == 0 && (b[2] & 0xFF) == 0 : b0 == 0xff && (b1 & 0x0f) == 0x02) {
            return List.of(FieldError.invalid(path, ip,
                    "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
        return List.of();
    }

    private static boolean isCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0 || !ServiceIpValidation.isIp(value.substring(0, slash))) {
            return false;
        }
        try {
            int prefix = Integer.parseInt(value.substring(slash + 1));
            return prefix >= 0 && prefix <= (value.contains(":") ? 128 : 32);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Object firstOr(List<String> ips) {
        return ips.isEmpty() ? "" : ips.getFirst();
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asString("")));
        return list;
    }
}
