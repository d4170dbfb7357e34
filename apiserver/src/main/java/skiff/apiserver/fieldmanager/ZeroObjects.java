package skiff.apiserver.fieldmanager;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a create is compared with to find the fields its manager set: the kind's Go zero value as Kubernetes
 * serializes it (k/k apiserver endpoints/handlers/create.go passes the registry's New() object as the live one).
 * Structs that are values rather than pointers are present and empty there, and lists that are not optional are
 * null, so a create owns {@code .spec.replicas} but not {@code .spec} itself. Only the structs that hold other
 * fields matter here; every kind also has an empty {@code metadata}.
 */
final class ZeroObjects {
    private static final String TEMPLATE = "'template':{'metadata':{},'spec':{'containers':null}},'selector':null";
    private static final Map<String, String> SKELETONS = Map.ofEntries(
            Map.entry("v1/Pod", "{'spec':{'containers':null},'status':{}}"),
            Map.entry("v1/Namespace", "{'spec':{},'status':{}}"),
            Map.entry("v1/Node", "{'spec':{},'status':{'daemonEndpoints':{'kubeletEndpoint':{}},'nodeInfo':{}}}"),
            Map.entry("v1/Service", "{'spec':{},'status':{'loadBalancer':{}}}"),
            Map.entry("v1/ReplicationController", "{'spec':{},'status':{}}"),
            Map.entry("v1/Event", "{'involvedObject':{},'source':{}}"),
            Map.entry("apps/v1/Deployment", "{'spec':{" + TEMPLATE + ",'strategy':{}},'status':{}}"),
            Map.entry("apps/v1/ReplicaSet", "{'spec':{" + TEMPLATE + "},'status':{}}"),
            Map.entry("apps/v1/StatefulSet", "{'spec':{" + TEMPLATE + ",'updateStrategy':{}},'status':{}}"),
            Map.entry("apps/v1/DaemonSet", "{'spec':{" + TEMPLATE + ",'updateStrategy':{}},'status':{}}"),
            Map.entry("coordination.k8s.io/v1/Lease", "{'spec':{}}"),
            Map.entry("events.k8s.io/v1/Event", "{'deprecatedSource':{}}"));

    private ZeroObjects() {}

    static ObjectNode of(String apiVersion, String kind) {
        String skeleton = SKELETONS.getOrDefault(apiVersion + "/" + kind, "{}");
        ObjectNode zero = (ObjectNode) Json.parse(skeleton.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        zero.put("apiVersion", apiVersion);
        zero.put("kind", kind);
        zero.putObject("metadata");
        return zero;
    }
}
