package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import skiff.controllers.endpointutil.PodEndpoints;

/**
 * Plans the writes that bring a Service's EndpointSlices to its pods (k/k pkg/controller/endpointslice/reconciler.go,
 * 1.32): endpoints are grouped by the ports they serve, one group per distinct port list; within a group, existing
 * slices keep their endpoints in place (changed ones are rewritten, vanished ones dropped, an emptied slice deleted),
 * new endpoints fill the slices already being updated (fullest first), then at most one unchanged slice they fit
 * into whole, and only then new slices, each holding at most {@code maxEndpointsPerSlice}. A Service without any
 * endpoint keeps one empty placeholder slice. Deletions are turned into updates of the same name where a slice
 * would be created anyway.
 */
final class SliceReconciler {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private final int maxEndpointsPerSlice;

    SliceReconciler(int maxEndpointsPerSlice) {
        if (maxEndpointsPerSlice < 1) {
            throw new IllegalArgumentException("max endpoints per slice must be at least 1");
        }
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
    }

    /**
     * @param existing the slices of this Service managed by this controller, not being deleted
     * @param nodes the node of a name, or null when the cache has none
     */
    SlicePlan plan(Service service, List<Pod> pods, Function<String, Node> nodes, List<EndpointSlice> existing) {
        Set<String> addressTypes = addressTypes(service);
        List<EndpointSlice> create = new ArrayList<>();
        List<EndpointSlice> update = new ArrayList<>();
        List<EndpointSlice> delete = new ArrayList<>();
        Set<String> skipped = new LinkedHashSet<>();
        Map<String, List<EndpointSlice>> byType = new TreeMap<>();
        for (EndpointSlice slice : existing) {
            if (addressTypes.contains(slice.getAddressType())) {
                byType.computeIfAbsent(slice.getAddressType(), t -> new ArrayList<>()).add(slice);
            } else {
                delete.add(slice);
            }
        }
        List<Pod> sorted = pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        for (String addressType : addressTypes) {
            planAddressType(service, sorted, nodes, byType.getOrDefault(addressType, List.of()), addressType,
                    create, update, delete, skipped);
        }
        return new SlicePlan(create, update, delete, List.copyOf(skipped));
    }

    // k/k reconciler.go getAddressTypesForService: the Service's IP families; without them the family of its
    // cluster IP; a headless Service without families gets both.
    static Set<String> addressTypes(Service service) {
        Set<String> types = new LinkedHashSet<>();
        List<String> families = service.getSpec().getIpFamilies() == null ? List.of()
                : service.getSpec().getIpFamilies();
        for (String family : families) {
            if ("IPv4".equals(family) || "IPv6".equals(family)) {
                types.add(family);
            }
        }
        if (!types.isEmpty()) {
            return types;
        }
        if (!PodEndpoints.isHeadless(service)) {
            return Set.of(PodEndpoints.isIpv6(service.getSpec().getClusterIP()) ? "IPv6" : "IPv4");
        }
        types.add("IPv4");
        types.add("IPv6");
        return types;
    }

    private void planAddressType(Service service, List<Pod> pods, Function<String, Node> nodes,
            List<EndpointSlice> existing, String addressType, List<EndpointSlice> create, List<EndpointSlice> update,
            List<EndpointSlice> delete, Set<String> skipped) {
        int deletesBefore = delete.size();
        int createsBefore = create.size();
        Map<List<EndpointPort>, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
        for (EndpointSlice slice : existing) {
            if (ownedBy(slice, service)) {
                existingByPorts.computeIfAbsent(portKey(slice.getPorts()), k -> new ArrayList<>()).add(slice);
            } else {
                delete.add(slice);
            }
        }
        Map<List<EndpointPort>, DesiredEndpoints> desiredByPorts = new LinkedHashMap<>();
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        for (Pod pod : pods) {
            // k/k reconciler.go: terminating pods are always included in slices (their conditions tell).
            if (!PodEndpoints.shouldBeInEndpoints(pod, true)) {
                continue;
            }
            List<EndpointPort> ports = SliceEndpoints.ports(service, pod);
            DesiredEndpoints desired = desiredByPorts.computeIfAbsent(portKey(ports), k -> new DesiredEndpoints());
            String nodeName = pod.getSpec().getNodeName();
            Node node = nodeName == null || nodeName.isEmpty() ? null : nodes.apply(nodeName);
            // k/k reconciler.go: a pod whose node is not known is left out and the Service retried, unless the
            // Service publishes not-ready addresses.
            if (node == null && !publishNotReady) {
                skipped.add(pod.getMetadata().getName());
                continue;
            }
            Endpoint endpoint = SliceEndpoints.forPod(pod, node, service, addressType);
            if (!endpoint.getAddresses().isEmpty()) {
                desired.add(endpoint);
            }
        }
        for (Map.Entry<List<EndpointPort>, DesiredEndpoints> group : desiredByPorts.entrySet()) {
            planPorts(service, group.getKey(), addressType, existingByPorts.getOrDefault(group.getKey(), List.of()),
                    group.getValue(), create, update, delete);
        }
        for (Map.Entry<List<EndpointPort>, List<EndpointSlice>> group : existingByPorts.entrySet()) {
            if (!desiredByPorts.containsKey(group.getKey())) {
                delete.addAll(group.getValue());
            }
        }
        // k/k reconciler.go: with nothing left to publish, one empty placeholder slice stays; an existing one is
        // kept rather than deleted and recreated.
        List<EndpointSlice> typeDeletes = delete.subList(deletesBefore, delete.size());
        if (existing.size() == typeDeletes.size() && create.size() == createsBefore) {
            EndpointSlice placeholder = newSlice(service, List.of(), addressType);
            if (typeDeletes.size() == 1 && isPlaceholder(typeDeletes.get(0), placeholder)) {
                typeDeletes.clear();
            } else {
                create.add(placeholder);
            }
        }
        reuseDeletedNames(service, addressType, create, createsBefore, update, delete, deletesBefore);
    }

    private void planPorts(Service service, List<EndpointPort> ports, String addressType,
            List<EndpointSlice> existing, DesiredEndpoints desired, List<EndpointSlice> create,
            List<EndpointSlice> update, List<EndpointSlice> delete) {
        Map<String, List<Endpoint>> toUpdate = new LinkedHashMap<>();
        Map<String, EndpointSlice> byName = new LinkedHashMap<>();
        List<EndpointSlice> unchanged = new ArrayList<>();
        Map<String, String> labels = labels(service);
        // 1. Keep each wanted endpoint where it is, with its current content; drop the rest.
        for (EndpointSlice slice : existing) {
            byName.put(slice.getMetadata().getName(), slice);
            List<Endpoint> kept = new ArrayList<>();
            boolean changed = false;
            for (Endpoint endpoint : endpoints(slice)) {
                Endpoint wanted = desired.take(endpoint);
                if (wanted != null) {
                    kept.add(wanted);
                    changed |= !wanted.equals(endpoint);
                }
            }
            boolean labelsChanged = !labels.equals(slice.getMetadata().getLabels());
            if (changed || kept.size() != endpoints(slice).size()) {
                if (kept.isEmpty()) {
                    delete.add(slice);
                } else {
                    toUpdate.put(slice.getMetadata().getName(), kept);
                }
            } else if (labelsChanged) {
                toUpdate.put(slice.getMetadata().getName(), kept);
            } else {
                unchanged.add(slice);
            }
        }
        // 2. Fill the slices being updated anyway, the fullest first.
        List<String> updating = new ArrayList<>(toUpdate.keySet());
        updating.sort(Comparator.comparing((String name) -> toUpdate.get(name).size()).reversed());
        for (String name : updating) {
            List<Endpoint> endpoints = toUpdate.get(name);
            while (!desired.isEmpty() && endpoints.size() < maxEndpointsPerSlice) {
                endpoints.add(desired.pop());
            }
        }
        // 3. The rest go into one unchanged slice they fit into whole, if any, else into new slices.
        while (!desired.isEmpty()) {
            EndpointSlice fill = desired.size() < maxEndpointsPerSlice ? closestFit(unchanged, desired.size()) : null;
            List<Endpoint> endpoints;
            if (fill != null) {
                unchanged.remove(fill);
                endpoints = new ArrayList<>(endpoints(fill));
                toUpdate.put(fill.getMetadata().getName(), endpoints);
            } else {
                EndpointSlice created = newSlice(service, ports, addressType);
                create.add(created);
                endpoints = created.getEndpoints();
            }
            while (!desired.isEmpty() && endpoints.size() < maxEndpointsPerSlice) {
                endpoints.add(desired.pop());
            }
        }
        toUpdate.forEach((name, endpoints) -> update.add(new EndpointSliceBuilder(byName.get(name))
                .editMetadata().withLabels(labels).endMetadata()
                .withEndpoints(endpoints).build()));
    }

    // k/k reconciler.go getSliceToFill: the unchanged slice that the remaining endpoints fill closest to full.
    private EndpointSlice closestFit(List<EndpointSlice> unchanged, int count) {
        EndpointSlice closest = null;
        int closestRoom = maxEndpointsPerSlice;
        for (EndpointSlice slice : unchanged) {
            int room = maxEndpointsPerSlice - (count + endpoints(slice).size());
            if (room >= 0 && room < closestRoom) {
                closestRoom = room;
                closest = slice;
            }
        }
        return closest;
    }

    // k/k reconciler.go finalize: a slice to delete that is this Service's and of the same address type takes the
    // content of a slice to create, saving a delete and a create.
    private static void reuseDeletedNames(Service service, String addressType, List<EndpointSlice> create,
            int createsBefore, List<EndpointSlice> update, List<EndpointSlice> delete, int deletesBefore) {
        Iterator<EndpointSlice> deletes = delete.subList(deletesBefore, delete.size()).iterator();
        while (deletes.hasNext() && create.size() > createsBefore) {
            EndpointSlice old = deletes.next();
            if (!Objects.equals(old.getAddressType(), addressType) || !ownedBy(old, service)) {
                continue;
            }
            EndpointSlice created = create.remove(create.size() - 1);
            update.add(new EndpointSliceBuilder(created)
                    .withMetadata(new ObjectMetaBuilder(old.getMetadata())
                            .withLabels(created.getMetadata().getLabels()).build())
                    .build());
            deletes.remove();
        }
    }

    static EndpointSlice newSlice(Service service, List<EndpointPort> ports, String addressType) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withGenerateName(prefix(service.getMetadata().getName()))
                .withNamespace(service.getMetadata().getNamespace())
                .withLabels(labels(service))
                .withOwnerReferences(ownerReference(service))
                .endMetadata()
                .withAddressType(addressType)
                .withPorts(new ArrayList<>(ports))
                .withEndpoints(new ArrayList<>())
                .build();
    }

    // k/k endpointslice/utils.go getEndpointSlicePrefix: "<service>-", as long as that is a valid generateName.
    private static String prefix(String serviceName) {
        String prefix = serviceName + "-";
        return prefix.length() <= 253 ? prefix : serviceName;
    }

    static OwnerReference ownerReference(Service service) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    // k/k reconciler.go ownedBy: an owner reference to this very Service (by uid).
    static boolean ownedBy(EndpointSlice slice, Service service) {
        List<OwnerReference> refs = slice.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(ref -> "v1".equals(ref.getApiVersion())
                && "Service".equals(ref.getKind()) && Objects.equals(ref.getUid(), service.getMetadata().getUid()));
    }

    /**
     * A slice's labels (k/k endpointslice/utils.go setEndpointSliceLabels): the Service's own labels but the
     * reserved ones, the headless label for a Service without cluster IP, the service-name and managed-by labels.
     */
    static Map<String, String> labels(Service service) {
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> own = service.getMetadata().getLabels() == null ? Map.of()
                : service.getMetadata().getLabels();
        own.forEach((key, value) -> {
            if (!key.equals(SERVICE_NAME_LABEL) && !key.equals(MANAGED_BY_LABEL) && !key.equals(HEADLESS_LABEL)) {
                labels.put(key, value);
            }
        });
        if (PodEndpoints.isHeadless(service)) {
            labels.put(HEADLESS_LABEL, "");
        }
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, CONTROLLER_NAME);
        return labels;
    }

    // k/k reconciler.go placeholderSliceCompare: same namespace and labels, no ports, no endpoints, same type.
    private static boolean isPlaceholder(EndpointSlice slice, EndpointSlice placeholder) {
        return Objects.equals(slice.getMetadata().getLabels(), placeholder.getMetadata().getLabels())
                && Objects.equals(slice.getAddressType(), placeholder.getAddressType())
                && (slice.getPorts() == null || slice.getPorts().isEmpty()) && endpoints(slice).isEmpty();
    }

    /** A port list as a grouping key: the same ports in any order are one group (k/k NewPortMapKey sorts). */
    static List<EndpointPort> portKey(List<EndpointPort> ports) {
        if (ports == null) {
            return List.of();
        }
        return ports.stream().sorted(Comparator.comparing((EndpointPort p) -> Objects.toString(p.getName(), ""))
                .thenComparing(p -> p.getPort() == null ? -1 : p.getPort())
                .thenComparing(p -> Objects.toString(p.getProtocol(), ""))).toList();
    }

    private static List<Endpoint> endpoints(EndpointSlice slice) {
        return slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
    }
}
