package skiff.apiserver.registry.core;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's status subresource (k/k pkg/registry/core/service/strategy.go serviceStatusStrategy, 1.32): the spec
 * stays as stored, and the load balancer's ingress points are validated as validation.go ValidateLoadBalancerStatus
 * does (with the feature gate AllowServiceLBStatusOnNonLB off, as by default).
 */
enum ServiceStatusStrategy implements ResourceStrategy {
    INSTANCE;

    private static final String INGRESS = "status.loadBalancer.ingress";
    private static final String IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    @Override
    public void prepareForUpdate(ObjectNode service, ObjectNode old) {
        JsonNode spec = old.get("spec");
        if (spec == null) {
            service.remove("spec");
        } else {
            service.set("spec", spec.deepCopy());
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode service, ObjectNode old) {
        JsonNode ingress = service.path("status").path("loadBalancer").path("ingress");
        if (!GoFields.text(service.path("spec"), "type").equals("LoadBalancer") && !ingress.isEmpty()) {
            return List.of(FieldError.forbidden(INGRESS, "may only be used when `spec.type` is 'LoadBalancer'"));
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < ingress.size(); i++) {
            String path = INGRESS + "[" + i + "]";
            String ip = GoFields.text(ingress.get(i), "ip");
            if (!ip.isEmpty() && !isIp(ip)) {
                errors.add(FieldError.invalid(path + ".ip", ip, IP_MESSAGE));
            }
            JsonNode ipMode = ingress.get(i).get("ipMode");
            if (GoFields.present(ipMode) && ip.isEmpty()) {
                errors.add(FieldError.forbidden(path + ".ipMode", "may not be specified when `ip` is not set"));
            } else if (GoFields.present(ipMode) && !List.of("Proxy", "VIP").contains(ipMode.asString(""))) {
                errors.add(FieldError.notSupported(path + ".ipMode", ipMode.asString(""), List.of("Proxy", "VIP")));
            }
            String hostname = GoFields.text(ingress.get(i), "hostname");
            if (!hostname.isEmpty()) {
                NameValidation.isDns1123Subdomain(hostname).forEach(m ->
                        errors.add(FieldError.invalid(path + ".hostname", hostname, m)));
                if (isIp(hostname)) {
                    errors.add(FieldError.invalid(path + ".hostname", hostname,
                            "must be a DNS name, not an IP address"));
                }
            }
        }
        return errors;
    }

    private static boolean isIp(String value) {
        return NetUtil.isValidIpV4Address(value) || NetUtil.isValidIpV6Address(value);
    }
}
