package skiff.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Packs per-pod, per-port subsets into the fewest subsets (k/k pkg/api/v1/endpoints/util.go RepackSubsets, 1.32):
 * addresses are told apart by IP and pod uid; every set of addresses (with their readiness) that offers the same
 * ports becomes one subset listing all those ports; an address not ready on any port of a set counts as not ready
 * there. k/k orders subsets and ports by a hash of their content; here ports sort by name, number and protocol and
 * subsets by their first address, so the order is stable but not k/k's.
 */
final class SubsetRepacker {
    private record AddressKey(String ip, String uid) {}

    private record PortKey(String name, int port, String protocol, String appProtocol) {
        static final PortKey NONE = new PortKey(null, -1, null, null);

        static PortKey of(EndpointPort port) {
            return new PortKey(port.getName(), port.getPort() == null ? 0 : port.getPort(), port.getProtocol(),
                    port.getAppProtocol());
        }

        EndpointPort toPort() {
            EndpointPort port = new EndpointPort();
            port.setName(name);
            port.setPort(this.port);
            port.setProtocol(protocol);
            port.setAppProtocol(appProtocol);
            return port;
        }
    }

    private SubsetRepacker() {}

    static List<EndpointSubset> repack(List<EndpointSubset> subsets) {
        Map<AddressKey, EndpointAddress> addresses = new LinkedHashMap<>();
        // For each port, the addresses offering it and whether they are ready there.
        Map<PortKey, Map<AddressKey, Boolean>> byPort = new LinkedHashMap<>();
        for (EndpointSubset subset : subsets) {
            List<PortKey> ports = subset.getPorts() == null || subset.getPorts().isEmpty() ? List.of(PortKey.NONE)
                    : subset.getPorts().stream().map(PortKey::of).toList();
            for (PortKey port : ports) {
                record(subset.getAddresses(), true, port, addresses, byPort);
                record(subset.getNotReadyAddresses(), false, port, addresses, byPort);
            }
        }
        // Ports offered by exactly the same addresses with the same readiness share a subset.
        Map<Map<AddressKey, Boolean>, List<PortKey>> bySet = new LinkedHashMap<>();
        byPort.forEach((port, set) -> {
            List<PortKey> ports = bySet.computeIfAbsent(set, s -> new ArrayList<>());
            if (port.port() > 0) {
                ports.add(port);
            }
        });
        List<EndpointSubset> packed = new ArrayList<>();
        bySet.forEach((set, ports) -> {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            set.forEach((key, isReady) -> (isReady ? ready : notReady).add(addresses.get(key)));
            ready.sort(ADDRESS_ORDER);
            notReady.sort(ADDRESS_ORDER);
            List<EndpointPort> sortedPorts = ports.stream().sorted(Comparator
                    .comparing((PortKey p) -> Objects.toString(p.name(), ""))
                    .thenComparingInt(PortKey::port)
                    .thenComparing(p -> Objects.toString(p.protocol(), ""))).map(PortKey::toPort).toList();
            packed.add(new EndpointSubsetBuilder().withAddresses(ready).withNotReadyAddresses(notReady)
                    .withPorts(sortedPorts).build());
        });
        packed.sort(Comparator.comparing(SubsetRepacker::firstAddress, ADDRESS_ORDER)
                .thenComparing(s -> s.getPorts().isEmpty() ? -1 : s.getPorts().get(0).getPort()));
        return packed;
    }

    // Not ready on any subset wins over ready for the same address and port (k/k mapAddressByPort).
    private static void record(List<EndpointAddress> list, boolean ready, PortKey port,
            Map<AddressKey, EndpointAddress> addresses, Map<PortKey, Map<AddressKey, Boolean>> byPort) {
        if (list == null) {
            return;
        }
        for (EndpointAddress address : list) {
            AddressKey key = new AddressKey(address.getIp(),
                    address.getTargetRef() == null ? null : address.getTargetRef().getUid());
            addresses.putIfAbsent(key, address);
            byPort.computeIfAbsent(port, p -> new LinkedHashMap<>()).merge(key, ready, Boolean::logicalAnd);
        }
    }

    // k/k pkg/api/v1/endpoints/util.go LessEndpointAddress: by IP, then by the target's uid.
    static final Comparator<EndpointAddress> ADDRESS_ORDER = Comparator
            .comparing((EndpointAddress a) -> Objects.toString(a.getIp(), ""))
            .thenComparing(a -> a.getTargetRef() == null ? "" : Objects.toString(a.getTargetRef().getUid(), ""));

    private static EndpointAddress firstAddress(EndpointSubset subset) {
        if (!subset.getAddresses().isEmpty()) {
            return subset.getAddresses().get(0);
        }
        return subset.getNotReadyAddresses().isEmpty() ? new EndpointAddress() : subset.getNotReadyAddresses().get(0);
    }
}
