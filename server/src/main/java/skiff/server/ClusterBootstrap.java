package skiff.server;

import skiff.api.json.Json;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects every cluster has from its first start: the system namespaces (k/k pkg/controlplane/controller/
 * systemnamespaces creates kube-system, kube-public and kube-node-lease; default comes from the bootstrap
 * controller).
 */
final class ClusterBootstrap {
    private static final String[] SYSTEM_NAMESPACES = {"default", "kube-system", "kube-public", "kube-node-lease"};

    private ClusterBootstrap() {}

    static void ensureSystemNamespaces(Registries registries) {
        for (String name : SYSTEM_NAMESPACES) {
            if (registries.namespaces().find(null, name).isPresent()) {
                continue;
            }
            ObjectNode ns = Json.object();
            ns.put("apiVersion", "v1");
            ns.put("kind", "Namespace");
            ns.putObject("metadata").put("name", name);
            try {
                registries.namespaces().create(null, ns, WriteOptions.DEFAULT);
            } catch (StatusException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }
}
