package skiff.apiserver.service;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilds what the allocators hold from the Services that exist, as k/k's repair controllers do
 * (pkg/registry/core/service/ipallocator/controller/repair.go and portallocator/controller/repair.go, 1.32): at start,
 * which is how allocations survive a restart, and every few minutes after. A value a Service holds but the allocator
 * did not is taken ("not allocated; repairing"); one held by two Services, or outside the range, is reported; one the
 * allocator holds and no Service uses is kept through {@value #REPAIRS_BEFORE_LEAK_CLEANUP} passes (it may belong to
 * a create still in flight) and then given back as leaked.
 */
public final class ServiceAllocationRepair {
    /** repair.go numRepairsBeforeLeakCleanup. */
    static final int REPAIRS_BEFORE_LEAK_CLEANUP = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocationRepair.class);

    private final ServiceAllocators allocators;
    private final Map<Integer, Integer> ipLeaks = new HashMap<>();
    private final Map<Integer, Integer> portLeaks = new HashMap<>();

    public ServiceAllocationRepair(ServiceAllocators allocators) {
        this.allocators = allocators;
    }

    /**
     * The pass at start: the allocators, empty until now, take what {@code services} (every Service there is) hold,
     * without reporting each as repaired.
     */
    public void restore(List<? extends JsonNode> services) {
        pass(services, false);
    }

    /** One periodic pass over {@code services}, every Service there is. */
    public void runOnce(List<? extends JsonNode> services) {
        pass(services, true);
    }

    private synchronized void pass(List<? extends JsonNode> services, boolean report) {
        IpAllocator ips = allocators.ips();
        PortAllocator ports = allocators.ports();
        BitSet usedIps = new BitSet();
        BitSet usedPorts = new BitSet();
        for (JsonNode service : services) {
            String name = service.path("metadata").path("namespace").asString("") + "/"
                    + service.path("metadata").path("name").asString("");
            JsonNode spec = service.path("spec");
            for (String ip : ServiceSpecs.heldIps(spec)) {
                int index = ips.index(ip);
                if (!ServiceIpValidation.isIp(ip)) {
                    LOG.warn("the cluster IP {} for service {} is not a valid IP; please recreate", ip, name);
                } else if (index < 0) {
                    LOG.warn("the cluster IP {} for service {} is not within the service CIDR {}; please recreate",
                            ip, name, ips.cidr());
                } else if (usedIps.get(index)) {
                    LOG.warn("the cluster IP {} for service {} was assigned to multiple services; please recreate",
                            ip, name);
                } else {
                    usedIps.set(index);
                }
            }
            for (int port : ServiceSpecs.heldPorts(spec)) {
                if (!ports.range().contains(port)) {
                    LOG.warn("the node port {} for service {} is not within the port range {}; please recreate",
                            port, name, ports.range());
                } else if (usedPorts.get(port - ports.range().base())) {
                    LOG.warn("the node port {} for service {} was assigned to multiple services; please recreate",
                            port, name);
                } else {
                    usedPorts.set(port - ports.range().base());
                }
            }
        }
        reconcile(ips.bits(), usedIps, ipLeaks, i -> "cluster IP " + ips.address(i), report);
        reconcile(ports.bits(), usedPorts, portLeaks, i -> "node port " + (ports.range().base() + i), report);
    }

    private static void reconcile(BitmapAllocator bits, BitSet used, Map<Integer, Integer> leaks,
            IntFunction<String> describe, boolean report) {
        bits.exclusively(() -> {
            BitSet stored = bits.snapshot();
            BitSet rebuilt = (BitSet) used.clone();
            used.stream().filter(i -> report && !stored.get(i)).forEach(i ->
                    LOG.warn("the {} is not allocated; repairing", describe.apply(i)));
            used.stream().forEach(leaks::remove);
            stored.stream().filter(i -> !used.get(i)).forEach(i -> {
                int left = leaks.getOrDefault(i, REPAIRS_BEFORE_LEAK_CLEANUP);
                if (left == REPAIRS_BEFORE_LEAK_CLEANUP) {
                    LOG.warn("the {} may have leaked: flagging for later clean up", describe.apply(i));
                    left--;
                }
                if (left > 0) {
                    leaks.put(i, left - 1);
                    rebuilt.set(i);
                } else {
                    leaks.remove(i);
                    LOG.warn("the {} appears to have leaked: cleaning up", describe.apply(i));
                }
            });
            bits.restore(rebuilt);
        });
    }
}
