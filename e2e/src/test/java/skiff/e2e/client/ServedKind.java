package skiff.e2e.client;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One served kind for table-driven tests: how to build a valid object of it, whether it is namespaced, and whether
 * the server keeps metadata.generation for it (the workload kinds).
 */
record ServedKind(String name, boolean namespaced, boolean workload,
        BiFunction<String, String, HasMetadata> factory) {

    HasMetadata build(String namespace, String objectName) {
        return factory.apply(namespaced ? namespace : null, objectName);
    }

    /** An object whose name the server generates from {@code prefix}. */
    HasMetadata buildGenerated(String namespace, String prefix) {
        HasMetadata object = build(namespace, "ignored");
        ObjectMeta meta = object.getMetadata();
        meta.setName(null);
        meta.setGenerateName(prefix);
        return object;
    }

    @Override
    public String toString() {
        return name;
    }

    static List<ServedKind> all() {
        return List.of(
                new ServedKind("pods", true, false, SampleObjects::pod),
                new ServedKind("configmaps", true, false, SampleObjects::configMap),
                new ServedKind("secrets", true, false, (ns, n) -> new SecretBuilder()
                        .withMetadata(SampleObjects.meta(ns, n)).withType("Opaque")
                        .withData(Map.of("password", "c2VjcmV0")).build()),
                new ServedKind("services", true, false, (ns, n) -> new ServiceBuilder()
                        .withMetadata(SampleObjects.meta(ns, n)).withNewSpec().withSelector(Map.of("app", n))
                        .addNewPort().withPort(80).withProtocol("TCP").endPort().endSpec().build()),
                new ServedKind("replicasets", true, true, SampleObjects::replicaSet),
                new ServedKind("deployments", true, true, SampleObjects::deployment),
                new ServedKind("statefulsets", true, true, SampleObjects::statefulSet),
                new ServedKind("daemonsets", true, true, SampleObjects::daemonSet),
                new ServedKind("leases", true, false, (ns, n) -> new LeaseBuilder()
                        .withMetadata(SampleObjects.meta(ns, n)).withNewSpec().withHolderIdentity("holder-1")
                        .withLeaseDurationSeconds(15).endSpec().build()),
                new ServedKind("nodes", false, false, (ns, n) -> new NodeBuilder()
                        .withMetadata(SampleObjects.meta(null, n)).withNewSpec().withUnschedulable(false).endSpec()
                        .build()),
                new ServedKind("namespaces", false, false, (ns, n) -> new NamespaceBuilder()
                        .withMetadata(SampleObjects.meta(null, n)).build()),
                new ServedKind("events", true, false, (ns, n) -> new EventBuilder()
                        .withMetadata(SampleObjects.meta(ns, n)).withNewInvolvedObject().withKind("Pod")
                        .withNamespace(ns).withName("web-0").withApiVersion("v1").endInvolvedObject()
                        .withReason("Started").withMessage("Started container app").withType("Normal")
                        .withCount(1).build()),
                new ServedKind("events.events.k8s.io", true, false, (ns, n) ->
                        new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                                .withMetadata(SampleObjects.meta(ns, n)).withNewRegarding().withKind("Pod")
                                .withNamespace(ns).withName("web-0").withApiVersion("v1").endRegarding()
                                .withReason("Started").withNote("Started container app").withType("Normal")
                                .withAction("Start").withReportingController("skiff.io/kubelet")
                                .withReportingInstance("node-1")
                                .withEventTime(new MicroTime("2025-01-02T03:04:05.123456Z")).build()),
                new ServedKind("endpointslices", true, false, (ns, n) -> new EndpointSliceBuilder()
                        .withMetadata(SampleObjects.meta(ns, n)).withAddressType("IPv4")
                        .addNewEndpoint().withAddresses("10.0.0.7").endEndpoint()
                        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().build()));
    }
}
