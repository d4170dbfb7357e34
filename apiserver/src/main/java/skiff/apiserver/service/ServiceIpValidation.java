package skiff.apiserver.service;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * k/k pkg/apis/core/validation/validation.go ValidateServiceClusterIPsRelatedFields (1.32): clusterIP and clusterIPs
 * agree, each IP is one, "None" only alone, at most one IP per family, families and policy from the known values.
 */
public final class ServiceIpValidation {
    public static final String IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    private static final List<String> FAMILIES = List.of("IPv4", "IPv6");
    private static final List<String> POLICIES = List.of("PreferDualStack", "RequireDualStack", "SingleStack");

    private ServiceIpValidation() {}

    public static boolean isIp(String value) {
        return NetUtil.isValidIpV4Address(value) || NetUtil.isValidIpV6Address(value);
    }

    public static List<FieldError> validateClusterIpFields(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        String clusterIp = ServiceSpecs.text(spec, "clusterIP");
        List<String> clusterIps = ServiceSpecs.clusterIps(spec);
        if (!clusterIp.isEmpty()) {
            if (clusterIps.isEmpty()) {
                errors.add(FieldError.required("spec.clusterIPs", ""));
            } else if (!clusterIps.getFirst().equals(clusterIp)) {
                errors.add(FieldError.invalid("spec.clusterIPs", clusterIps, "first value must match `clusterIP`"));
            }
        } else if (!clusterIps.isEmpty()) {
            errors.add(FieldError.invalid("spec.clusterIPs", clusterIps,
                    "must be empty when `clusterIP` is not specified"));
        }
        List<String> families = new ArrayList<>();
        spec.path("ipFamilies").forEach(f -> families.add(f.asString("")));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String family = families.get(i);
            if (!FAMILIES.contains(family)) {
                errors.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", family, FAMILIES));
            }
            if (!seen.add(family)) {
                errors.add(FieldError.duplicate("spec.ipFamilies[" + i + "]", family));
            }
        }
        String policy = ServiceSpecs.text(spec, "ipFamilyPolicy");
        if (spec.hasNonNull("ipFamilyPolicy") && !POLICIES.contains(policy)) {
            errors.add(FieldError.notSupported("spec.ipFamilyPolicy", policy, POLICIES));
        }
        boolean invalidIps = false;
        for (int i = 0; i < clusterIps.size(); i++) {
            String ip = clusterIps.get(i);
            if (i == 0 && ip.equals(ServiceSpecs.NONE)) {
                if (clusterIps.size() > 1) {
                    invalidIps = true;
                    errors.add(FieldError.invalid("spec.clusterIPs", clusterIps,
                            "'None' must be the first and only value"));
                }
                continue;
            }
            if (!isIp(ip)) {
                invalidIps = true;
                errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ip, IP_MESSAGE));
            }
        }
        if (clusterIps.size() > 2) {
            errors.add(FieldError.invalid("spec.clusterIPs", clusterIps, "may only hold up to 2 values"));
        }
        if (invalidIps) {
            return errors;
        }
        if (clusterIps.size() == 2 && clusterIps.get(0).contains(":") == clusterIps.get(1).contains(":")) {
            errors.add(FieldError.invalid("spec.clusterIPs", clusterIps,
                    "may specify no more than one IP for each IP family"));
        }
        if (!clusterIp.equals(ServiceSpecs.NONE)) {
            for (int i = 0; i < clusterIps.size() && i < families.size(); i++) {
                boolean v6 = clusterIps.get(i).contains(":");
                if (families.get(i).equals("IPv4") && v6) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", clusterIps.get(i),
                            "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`"));
                }
                if (families.get(i).equals("IPv6") && !v6) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", clusterIps.get(i),
                            "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`"));
                }
            }
        }
        return errors;
    }
}
