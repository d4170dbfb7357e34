package skiff.apiserver.authz;

import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a node has a path to an object (k/k plugin/pkg/auth/authorizer/node/graph.go, 1.32): a pod bound to it, or
 * a secret, config map, claim or service account such a pod references, or the volume such a claim is bound to. The
 * graph there is a cache of these answers; here they are looked up from the pods bound to the node.
 */
public final class NodeRelations {
    private final NodeRelationSource source;

    public NodeRelations(NodeRelationSource source) {
        this.source = source;
    }

    public boolean pod(String node, String namespace, String name) {
        return source.pod(namespace, name).filter(p -> nodeName(p).equals(node)).isPresent();
    }

    public boolean secret(String node, String namespace, String name) {
        return anyPod(node, namespace, refs -> refs.secrets().contains(name));
    }

    public boolean configMap(String node, String namespace, String name) {
        return anyPod(node, namespace, refs -> refs.configMaps().contains(name));
    }

    public boolean persistentVolumeClaim(String node, String namespace, String name) {
        return anyPod(node, namespace, refs -> refs.claims().contains(name));
    }

    public boolean serviceAccount(String node, String namespace, String name) {
        return anyPod(node, namespace, refs -> refs.serviceAccount().equals(name));
    }

    public boolean persistentVolume(String node, String name) {
        for (ObjectNode pod : source.podsOn(node, null)) {
            String namespace = pod.path("metadata").path("namespace").asString("");
            for (String claim : PodReferences.of(pod).claims()) {
                boolean bound = source.persistentVolumeClaim(namespace, claim)
                        .filter(c -> c.path("spec").path("volumeName").asString("").equals(name)).isPresent();
                if (bound) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean anyPod(String node, String namespace, Predicate<PodReferences> references) {
        return source.podsOn(node, namespace).stream().map(PodReferences::of).anyMatch(references);
    }

    private static String nodeName(ObjectNode pod) {
        return pod.path("spec").path("nodeName").asString("");
    }
}
