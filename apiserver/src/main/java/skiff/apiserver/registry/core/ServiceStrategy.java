package skiff.apiserver.registry.core;

import java.util.List;
import java.util.function.Consumer;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.WriteTransaction;
import skiff.apiserver.service.ServiceAllocators;
import skiff.apiserver.service.ServiceSpecs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services (k/k pkg/registry/core/service/strategy.go and storage/storage.go, 1.32): defaulted as
 * SetDefaults_Service does, given cluster IPs and node ports from {@link ServiceAllocators} before they are validated,
 * created with an empty status; an update that changes the type drops what the new type does not use, and a delete
 * gives the IPs and ports back.
 */
public final class ServiceStrategy implements ResourceStrategy {
    private final ServiceAllocators allocators;
    private final Consumer<ObjectNode> deleteEndpoints;

    /** {@code deleteEndpoints} removes a deleted Service's Endpoints object of the same name, if any. */
    public ServiceStrategy(ServiceAllocators allocators, Consumer<ObjectNode> deleteEndpoints) {
        this.allocators = allocators;
        this.deleteEndpoints = deleteEndpoints;
    }

    @Override
    public void applyDefaults(ObjectNode service) {
        ServiceDefaults.apply(service);
    }

    @Override
    public WriteTransaction beginCreate(ObjectNode service, boolean dryRun) {
        return allocators.allocateCreate(service, dryRun);
    }

    @Override
    public WriteTransaction beginUpdate(ObjectNode service, ObjectNode old, boolean dryRun) {
        return allocators.allocateUpdate(service, old, dryRun);
    }

    // storage.go afterDelete: the Service's Endpoints go with it, and its IPs and ports go back to the pools.
    @Override
    public void afterDelete(ObjectNode service) {
        deleteEndpoints.accept(service);
        allocators.release(service);
    }

    @Override
    public void prepareForCreate(ObjectNode service) {
        service.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void prepareForUpdate(ObjectNode service, ObjectNode old) {
        dropTypeDependentFields(service.withObject("spec"), old.path("spec"));
        if (!ServiceSpecs.type(service.path("spec")).equals("LoadBalancer")) {
            service.putObject("status").putObject("loadBalancer");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode service) {
        return ServiceValidation.validate(service);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode service, ObjectNode old) {
        return ServiceValidation.validateUpdate(service, old);
    }

    // strategy.go dropTypeDependentFields: what the new type does not use goes, unless the client changed it too
    // (then validation tells them).
    private static void dropTypeDependentFields(ObjectNode spec, JsonNode oldSpec) {
        if (ServiceSpecs.needsClusterIp(oldSpec) && !ServiceSpecs.needsClusterIp(spec)) {
            if (same(spec, oldSpec, "clusterIP") && same(spec, oldSpec, "clusterIPs")) {
                spec.remove("clusterIP");
                spec.remove("clusterIPs");
            }
            if (same(spec, oldSpec, "ipFamilies")) {
                spec.remove("ipFamilies");
            }
            if (same(spec, oldSpec, "ipFamilyPolicy")) {
                spec.remove("ipFamilyPolicy");
            }
        }
        if (ServiceSpecs.needsNodePort(oldSpec) && !ServiceSpecs.needsNodePort(spec) && sameNodePorts(spec, oldSpec)) {
            spec.path("ports").forEach(p -> {
                if (p instanceof ObjectNode port) {
                    port.remove("nodePort");
                }
            });
        }
        if (ServiceSpecs.needsHealthCheckNodePort(oldSpec) && !ServiceSpecs.needsHealthCheckNodePort(spec)
                && same(spec, oldSpec, "healthCheckNodePort")) {
            spec.remove("healthCheckNodePort");
        }
        boolean oldLb = ServiceSpecs.type(oldSpec).equals("LoadBalancer");
        boolean newLb = ServiceSpecs.type(spec).equals("LoadBalancer");
        if (oldLb && !newLb) {
            if (GoFields.present(spec.get("allocateLoadBalancerNodePorts"))
                    && same(spec, oldSpec, "allocateLoadBalancerNodePorts")) {
                spec.remove("allocateLoadBalancerNodePorts");
            }
            if (same(spec, oldSpec, "loadBalancerClass")) {
                spec.remove("loadBalancerClass");
            }
        }
        if (externallyAccessible(oldSpec) && !externallyAccessible(spec)
                && same(spec, oldSpec, "externalTrafficPolicy")) {
            spec.remove("externalTrafficPolicy");
        }
    }

    private static boolean same(JsonNode spec, JsonNode oldSpec, String field) {
        JsonNode a = spec.get(field);
        JsonNode b = oldSpec.get(field);
        return GoFields.present(a) ? a.equals(b) : !GoFields.present(b);
    }

    private static boolean sameNodePorts(JsonNode spec, JsonNode oldSpec) {
        JsonNode ports = spec.path("ports");
        JsonNode oldPorts = oldSpec.path("ports");
        if (ports.size() != oldPorts.size()) {
            return false;
        }
        for (int i = 0; i < ports.size(); i++) {
            if (ServiceSpecs.nodePort(ports.get(i)) != ServiceSpecs.nodePort(oldPorts.get(i))) {
                return false;
            }
        }
        return true;
    }

    // k/k pkg/api/service/util.go ExternallyAccessible.
    static boolean externallyAccessible(JsonNode spec) {
        String type = ServiceSpecs.type(spec);
        return type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && !spec.path("externalIPs").isEmpty());
    }
}
