package skiff.server;

import skiff.api.json.Json;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.scheduling.SystemPriorityClasses;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects every cluster has from its first start: the system namespaces (k/k pkg/controlplane/controller/
 * systemnamespaces creates kube-system, kube-public and kube-node-lease; default comes from the bootstrap
 * controller) and the system PriorityClasses.
 */
final class ClusterBootstrap {
    private static final String[] SYSTEM_NAMESPACES = {"default", "kube-system", "kube-public", "kube-node-lease"};

    private ClusterBootstrap() {}

    /**
     * The built-in PriorityClasses, created when missing (k/k pkg/registry/scheduling/rest/storage_scheduling.go
     * AddSystemPriorityClasses, a post-start hook).
     */
    static void ensureSystemPriorityClasses(Registries registries) {
        ResourceStorage classes = registries.forResource(
                registries.catalog().find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow());
        for (ObjectNode pc : SystemPriorityClasses.objects()) {
            if (classes.find(null, pc.path("metadata").path("name").asString("")).isPresent()) {
                continue;
            }
            try {
                classes.create(null, pc, WriteOptions.DEFAULT);
            } catch (StatusException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }

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
