package skiff.apiserver.service;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.WriteTransaction;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Takes Services' cluster IPs and node ports from their pools and gives them back, as k/k
 * pkg/registry/core/service/storage/alloc.go (1.32) does for a single-stack IPv4 cluster. What a create or an update
 * takes is given back if the write fails; what an update stops using is given back once it is stored.
 */
public final class ServiceAllocators {
    private final IpAllocator ips;
    private final PortAllocator ports;

    public ServiceAllocators(ServiceNetwork network) {
        this(network, new SecureRandom());
    }

    public ServiceAllocators(ServiceNetwork network, RandomGenerator random) {
        this.ips = new IpAllocator(network.serviceCidr(), random);
        this.ports = new PortAllocator(network.nodePorts(), random);
    }

    public IpAllocator ips() {
        return ips;
    }

    public PortAllocator ports() {
        return ports;
    }

    /** alloc.go allocateCreate: IP family fields, then cluster IPs, then node ports. */
    public WriteTransaction allocateCreate(ObjectNode service, boolean dryRun) {
        ObjectNode spec = service.withObject("spec");
        String name = service.path("metadata").path("name").asString("");
        normalizeClusterIps(spec, null);
        Transaction txn = new Transaction(dryRun);
        try {
            if (initIpFamilies(spec, null, name)) {
                allocateClusterIps(spec, name, txn);
            }
            if (ServiceSpecs.needsNodePort(spec)) {
                allocateNodePorts(spec, null, name, txn);
            }
            if (ServiceSpecs.needsHealthCheckNodePort(spec)) {
                allocateHealthCheckNodePort(spec, name, txn);
            }
        } catch (RuntimeException e) {
            txn.revert();
            throw e;
        }
        return txn;
    }

    /**
     * storage.go beginUpdate and alloc.go allocateUpdate: fills in what the client left out of what was allocated,
     * takes what the new type needs and gives back (on commit) what it no longer does.
     */
    public WriteTransaction allocateUpdate(ObjectNode service, ObjectNode old, boolean dryRun) {
        ObjectNode spec = service.withObject("spec");
        JsonNode oldSpec = old.path("spec");
        String name = service.path("metadata").path("name").asString("");
        patchAllocatedValues(spec, oldSpec);
        normalizeClusterIps(spec, oldSpec);
        Transaction txn = new Transaction(dryRun);
        try {
            boolean wanted = initIpFamilies(spec, oldSpec, name);
            if (!ServiceSpecs.needsClusterIp(oldSpec) && wanted) {
                allocateClusterIps(spec, name, txn);
            } else if (ServiceSpecs.needsClusterIp(oldSpec) && !ServiceSpecs.needsClusterIp(spec)) {
                ServiceSpecs.heldIps(oldSpec).forEach(txn::releaseIp);
            }
            if (ServiceSpecs.needsNodePort(oldSpec) && !ServiceSpecs.needsNodePort(spec)) {
                releaseNodePorts(oldSpec, txn);
            }
            if (ServiceSpecs.needsNodePort(spec)) {
                allocateNodePorts(spec, oldSpec, name, txn);
            }
            int oldHealth = oldSpec.path("healthCheckNodePort").asInt(0);
            if (ServiceSpecs.needsHealthCheckNodePort(spec)) {
                if (!ServiceSpecs.needsHealthCheckNodePort(oldSpec)) {
                    allocateHealthCheckNodePort(spec, name, txn);
                }
            } else if (ServiceSpecs.needsHealthCheckNodePort(oldSpec) && oldHealth != 0
                    && !ServiceSpecs.heldPorts(spec).contains(oldHealth)) {
                txn.releasePort(oldHealth);
            }
        } catch (RuntimeException e) {
            txn.revert();
            throw e;
        }
        return txn;
    }

    /** storage.go afterDelete (releaseAllocatedResources): a deleted Service's IPs and ports go back to the pools. */
    public void release(JsonNode service) {
        JsonNode spec = service.path("spec");
        ServiceSpecs.heldIps(spec).forEach(ips::release);
        ServiceSpecs.heldPorts(spec).forEach(ports::release);
    }

    // storage.go normalizeClusterIPs: a client that sets only the singular clusterIP gets the plural filled in; one
    // that clears clusterIP while leaving clusterIPs as they were has both cleared.
    private static void normalizeClusterIps(ObjectNode spec, JsonNode oldSpec) {
        String ip = ServiceSpecs.text(spec, "clusterIP");
        List<String> list = ServiceSpecs.clusterIps(spec);
        if (oldSpec == null) {
            if (!ip.isEmpty() && list.isEmpty()) {
                spec.putArray("clusterIPs").add(ip);
            }
            return;
        }
        String oldIp = ServiceSpecs.text(oldSpec, "clusterIP");
        List<String> oldList = ServiceSpecs.clusterIps(oldSpec);
        if (!oldList.isEmpty() && list.isEmpty() && oldIp.equals(ip)) {
            spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            list = oldList;
        }
        if (!oldIp.equals(ip)) {
            if (!oldIp.isEmpty() && ip.isEmpty() && list.equals(oldList)) {
                spec.remove("clusterIPs");
            }
            if (!ip.isEmpty() && list.equals(oldList)) {
                spec.putArray("clusterIPs").add(ip);
            }
        }
    }

    // storage.go patchAllocatedValues: an update that leaves out what was allocated keeps it, for idempotence.
    private static void patchAllocatedValues(ObjectNode spec, JsonNode oldSpec) {
        if (ServiceSpecs.needsClusterIp(oldSpec) && ServiceSpecs.needsClusterIp(spec)) {
            if (ServiceSpecs.text(spec, "clusterIP").isEmpty() && oldSpec.has("clusterIP")) {
                spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            }
            if (ServiceSpecs.clusterIps(spec).isEmpty() && !ServiceSpecs.clusterIps(oldSpec).isEmpty()) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        if (ServiceSpecs.needsNodePort(oldSpec) && ServiceSpecs.needsNodePort(spec)) {
            List<Integer> newUsed = new ArrayList<>();
            spec.path("ports").forEach(p -> newUsed.add(ServiceSpecs.nodePort(p)));
            Map<String, Integer> byName = new HashMap<>();
            for (JsonNode p : oldSpec.path("ports")) {
                byName.put(ServiceSpecs.text(p, "name"), ServiceSpecs.nodePort(p));
            }
            for (JsonNode p : spec.path("ports")) {
                if (p instanceof ObjectNode port && ServiceSpecs.nodePort(port) == 0) {
                    int old = byName.getOrDefault(ServiceSpecs.text(port, "name"), 0);
                    if (old != 0 && !newUsed.contains(old)) {
                        port.put("nodePort", old);
                    }
                }
            }
        }
        if (ServiceSpecs.needsHealthCheckNodePort(oldSpec) && ServiceSpecs.needsHealthCheckNodePort(spec)
                && spec.path("healthCheckNodePort").asInt(0) == 0
                && oldSpec.path("healthCheckNodePort").asInt(0) != 0) {
            spec.put("healthCheckNodePort", oldSpec.path("healthCheckNodePort").asInt());
        }
    }

    /**
     * alloc.go initIPFamilyFields on a cluster whose only family is IPv4: defaults ipFamilyPolicy and ipFamilies and
     * refuses IPv6 and dual-stack demands. Answers whether the Service wants a cluster IP allocated.
     */
    private boolean initIpFamilies(ObjectNode spec, JsonNode oldSpec, String name) {
        if (!ServiceSpecs.needsClusterIp(spec)) {
            return false;
        }
        String clusterIp = ServiceSpecs.text(spec, "clusterIP");
        boolean selectorless = spec.path("selector").isEmpty();
        if (ServiceSpecs.text(spec, "ipFamilyPolicy").isEmpty()) {
            String oldPolicy = oldSpec == null ? "" : ServiceSpecs.text(oldSpec, "ipFamilyPolicy");
            if (!oldPolicy.isEmpty()) {
                spec.put("ipFamilyPolicy", oldPolicy);
            } else if (clusterIp.equals(ServiceSpecs.NONE) && selectorless) {
                spec.put("ipFamilyPolicy", "RequireDualStack");
            } else {
                spec.put("ipFamilyPolicy", "SingleStack");
            }
        }
        List<FieldError> loose = ServiceIpValidation.validateClusterIpFields(spec);
        if (!loose.isEmpty()) {
            throw StatusException.invalid("", "Service", name, loose);
        }
        String policy = ServiceSpecs.text(spec, "ipFamilyPolicy");
        List<String> clusterIps = ServiceSpecs.clusterIps(spec);
        List<String> families = new ArrayList<>();
        spec.path("ipFamilies").forEach(f -> families.add(f.asString("")));
        List<FieldError> errors = new ArrayList<>();
        if (policy.equals("SingleStack")) {
            if (clusterIps.size() == 2) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                        "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            }
            if (families.size() == 2) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                        "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
            }
        }
        for (int i = 0; i < clusterIps.size() && !clusterIps.get(i).equals(ServiceSpecs.NONE); i++) {
            String family = clusterIps.get(i).contains(":") ? "IPv6" : "IPv4";
            if (i >= families.size()) {
                if (family.equals("IPv6")) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", clusterIps,
                            "IPv6 is not configured on this cluster"));
                } else {
                    families.add(family);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw StatusException.invalid("", "Service", name, errors);
        }
        if (clusterIp.equals(ServiceSpecs.NONE) && selectorless) {
            // The headless, selectorless special case: any families, nothing allocated.
            if (families.isEmpty()) {
                families.add("IPv4");
            }
            if (families.size() < 2 && !policy.equals("SingleStack")) {
                families.add(families.getFirst().equals("IPv4") ? "IPv6" : "IPv4");
            }
            setFamilies(spec, families);
            return false;
        }
        if (policy.equals("RequireDualStack")) {
            errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                    "this cluster is not configured for dual-stack services"));
        }
        for (int i = 0; i < families.size(); i++) {
            if (!families.get(i).equals("IPv4")) {
                errors.add(FieldError.invalid("spec.ipFamilies[" + i + "]", families.get(i),
                        "not configured on this cluster"));
            }
        }
        if (!errors.isEmpty()) {
            throw StatusException.invalid("", "Service", name, errors);
        }
        if (families.isEmpty()) {
            families.add("IPv4");
        }
        setFamilies(spec, families);
        return !clusterIp.equals(ServiceSpecs.NONE) && !clusterIps.contains(ServiceSpecs.NONE);
    }

    private static void setFamilies(ObjectNode spec, List<String> families) {
        ArrayNode array = spec.putArray("ipFamilies");
        families.forEach(array::add);
    }

    // alloc.go allocIPs: an IP asked for is taken or refused with the allocator's words; else the next free one.
    private void allocateClusterIps(ObjectNode spec, String name, Transaction txn) {
        List<String> requested = ServiceSpecs.clusterIps(spec);
        String ip = requested.isEmpty() ? "" : requested.getFirst();
        String allocated;
        if (ip.isEmpty()) {
            try {
                allocated = ips.allocateNext(!txn.dryRun);
            } catch (AllocationException e) {
                throw StatusException.internal("failed to allocate a serviceIP: " + e.getMessage());
            }
        } else {
            try {
                if (txn.dryRun) {
                    ips.check(ip);
                } else {
                    ips.allocate(ip);
                }
            } catch (AllocationException e) {
                throw StatusException.invalid("", "Service", name, List.of(FieldError.invalid("spec.clusterIPs",
                        requested, "failed to allocate IP " + ip + ": " + e.getMessage())));
            }
            allocated = ip;
        }
        if (!txn.dryRun) {
            txn.onRevert(() -> ips.release(allocated));
        }
        spec.put("clusterIP", allocated);
        spec.putArray("clusterIPs").add(allocated);
    }

    // alloc.go initNodePorts (create) and updateNodePorts (update): service ports with the same number share one
    // node port; one asked for is taken unless the old Service already held it.
    private void allocateNodePorts(ObjectNode spec, JsonNode oldSpec, String name, Transaction txn) {
        List<Integer> oldPorts = oldSpec == null || !ServiceSpecs.needsNodePort(oldSpec) ? List.of()
                : ServiceSpecs.heldPorts(oldSpec);
        Map<Integer, Integer> byServicePort = new HashMap<>();
        List<Integer> taken = new ArrayList<>();
        JsonNode list = spec.path("ports");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof ObjectNode port)) {
                continue;
            }
            int requested = ServiceSpecs.nodePort(port);
            if (requested == 0 && !ServiceSpecs.allocatesNodePorts(spec)) {
                continue;
            }
            int servicePort = port.path("port").asInt(0);
            if (requested == 0 && oldSpec == null) {
                requested = byServicePort.getOrDefault(servicePort, firstRequested(list, servicePort));
            }
            if (requested != 0) {
                if (!oldPorts.contains(requested) && !taken.contains(requested)) {
                    takePort(requested, "spec.ports[" + i + "].nodePort", name, txn);
                    taken.add(requested);
                }
            } else {
                requested = nextPort("failed to allocate a nodePort: ", txn);
                taken.add(requested);
            }
            port.put("nodePort", requested);
            byServicePort.putIfAbsent(servicePort, requested);
        }
        if (oldSpec != null) {
            List<Integer> now = ServiceSpecs.heldPorts(spec);
            for (int old : oldPorts) {
                if (!now.contains(old)) {
                    txn.releasePort(old);
                }
            }
        }
    }

    private static int firstRequested(JsonNode list, int servicePort) {
        for (JsonNode p : list) {
            if (p.path("port").asInt(0) == servicePort && ServiceSpecs.nodePort(p) != 0) {
                return ServiceSpecs.nodePort(p);
            }
        }
        return 0;
    }

    // alloc.go allocHealthCheckNodePort.
    private void allocateHealthCheckNodePort(ObjectNode spec, String name, Transaction txn) {
        int requested = spec.path("healthCheckNodePort").asInt(0);
        if (requested != 0) {
            try {
                take(requested, txn);
            } catch (AllocationException e) {
                throw StatusException.invalid("", "Service", name, List.of(FieldError.invalid(
                        "spec.healthCheckNodePort", requested, "failed to allocate requested HealthCheck NodePort "
                                + requested + ": " + e.getMessage())));
            }
        } else {
            spec.put("healthCheckNodePort", nextPort("failed to allocate a HealthCheck NodePort 0: ", txn));
        }
    }

    private void releaseNodePorts(JsonNode oldSpec, Transaction txn) {
        for (JsonNode p : oldSpec.path("ports")) {
            int n = ServiceSpecs.nodePort(p);
            if (n != 0) {
                txn.releasePort(n);
            }
        }
    }

    private void takePort(int port, String field, String name, Transaction txn) {
        try {
            take(port, txn);
        } catch (AllocationException e) {
            throw StatusException.invalid("", "Service", name,
                    List.of(FieldError.invalid(field, port, e.getMessage())));
        }
    }

    private void take(int port, Transaction txn) {
        if (txn.dryRun) {
            ports.check(port);
            return;
        }
        ports.allocate(port);
        txn.onRevert(() -> ports.release(port));
    }

    private int nextPort(String failure, Transaction txn) {
        try {
            int port = ports.allocateNext(!txn.dryRun);
            if (!txn.dryRun) {
                txn.onRevert(() -> ports.release(port));
            }
            return port;
        } catch (AllocationException e) {
            throw StatusException.internal(failure + e.getMessage());
        }
    }

    /** What one write took (undone on revert) and what it stops holding (given back on commit). */
    private final class Transaction implements WriteTransaction {
        private final boolean dryRun;
        private final List<Runnable> undo = new ArrayList<>();
        private final Set<String> releasedIps = new LinkedHashSet<>();
        private final Set<Integer> releasedPorts = new LinkedHashSet<>();
        private boolean finished;

        Transaction(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void onRevert(Runnable action) {
            undo.add(action);
        }

        void releaseIp(String ip) {
            releasedIps.add(ip);
        }

        void releasePort(int port) {
            releasedPorts.add(port);
        }

        @Override
        public synchronized void commit() {
            if (!finished && !dryRun) {
                finished = true;
                releasedIps.forEach(ips::release);
                releasedPorts.forEach(ports::release);
            }
        }

        @Override
        public synchronized void revert() {
            if (!finished) {
                finished = true;
                undo.reversed().forEach(Runnable::run);
            }
        }
    }
}
