package skiff.apiserver.resource;

import java.util.Map;

/**
 * Where kube-apiserver keeps a resource's objects, below its etcd prefix: {@code /registry/PREFIX/NAMESPACE/NAME}.
 */
public final class StorageKeys {
    /** The store's root; kube-apiserver's --etcd-prefix is applied by the etcd store. */
    public static final String ROOT = "/registry/";

    // k/k pkg/kubeapiserver/default_storage_factory_builder.go SpecialDefaultResourcePrefixes (1.32): the prefixes
    // compiled in for resources that kept their names from before API groups.
    private static final Map<String, String> SPECIAL_CORE_PREFIXES = Map.of(
            "replicationcontrollers", "controllers",
            "endpoints", "services/endpoints",
            "nodes", "minions",
            "services", "services/specs");
    private static final Map<String, String> SPECIAL_GROUP_PREFIXES = Map.of(
            "extensions/ingresses", "ingress",
            "networking.k8s.io/ingresses", "ingress");

    private StorageKeys() {}

    /**
     * A built-in resource's key prefix. k/k apiserver pkg/server/storage/storage_factory.go ResourcePrefix (1.32):
     * the special prefix when there is one, else the resource's name alone, whatever its group
     * ("/registry/deployments/", "/registry/jobs/", "/registry/leases/").
     */
    public static String builtIn(String group, String resource) {
        String special = group.isEmpty() ? SPECIAL_CORE_PREFIXES.get(resource)
                : SPECIAL_GROUP_PREFIXES.get(group + "/" + resource);
        return ROOT + (special != null ? special : resource) + "/";
    }

    /**
     * The key prefix of a resource served by apiextensions-apiserver: CustomResourceDefinitions (k/k apiserver
     * pkg/server/options/etcd.go SimpleRestOptionsFactory) and custom resources (apiextensions-apiserver
     * pkg/apiserver/customresource_handler.go CRDRESTOptionsGetter), 1.32: the group, then the resource
     * ("/registry/apiextensions.k8s.io/customresourcedefinitions/", "/registry/example.com/widgets/").
     */
    public static String groupQualified(String group, String resource) {
        return ROOT + group + "/" + resource + "/";
    }
}
