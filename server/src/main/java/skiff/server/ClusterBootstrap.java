package skiff.server;

import skiff.api.json.Json;
import skiff.apiserver.admission.DefaultStorageClass;
import skiff.controllers.volume.LocalPathProvisioner;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.scheduling.SystemPriorityClasses;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects every cluster has from its first start: the system namespaces (k/k pkg/controlplane/controller/
 * systemnamespaces creates kube-system, kube-public and kube-node-lease; default comes from the bootstrap
 * controller), the system PriorityClasses and k3s' default StorageClass.
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

    /**
     * The default StorageClass {@code local-path}, created when missing, as k3s applies its local-storage addon
     * manifest (k3s manifests/local-storage.yaml): volumes of it are directories on the node the scheduler picks.
     */
    static void ensureLocalPathStorageClass(Registries registries) {
        ResourceStorage classes = registries.forResource(
                registries.catalog().find("storage.k8s.io", "v1", "storageclasses").orElseThrow());
        if (classes.find(null, LocalPathProvisioner.STORAGE_CLASS).isPresent()) {
            return;
        }
        ObjectNode sc = Json.object();
        sc.put("apiVersion", "storage.k8s.io/v1");
        sc.put("kind", "StorageClass");
        sc.putObject("metadata").put("name", LocalPathProvisioner.STORAGE_CLASS).putObject("annotations")
                .put(DefaultStorageClass.IS_DEFAULT, "true");
        sc.put("provisioner", LocalPathProvisioner.NAME);
        sc.put("volumeBindingMode", "WaitForFirstConsumer");
        sc.put("reclaimPolicy", "Delete");
        try {
            classes.create(null, sc, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (e.code() != 409) {
                throw e;
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
