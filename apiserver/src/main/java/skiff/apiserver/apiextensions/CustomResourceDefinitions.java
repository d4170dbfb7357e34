package skiff.apiserver.apiextensions;

import skiff.apiserver.resource.ResourceDefinition;

/** The apiextensions.k8s.io/v1 CustomResourceDefinition resource itself. */
public final class CustomResourceDefinitions {
    /** Held by every CRD until its objects are gone (k/k 1.32 apiextensions-apiserver finalizer controller). */
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
    static final String GROUP = "apiextensions.k8s.io";

    private CustomResourceDefinitions() {}

    // k/k 1.32 apiextensions-apiserver pkg/registry/customresourcedefinition/etcd.go: cluster-scoped, short names
    // crd and crds, in the api-extensions category, with a status subresource.
    public static ResourceDefinition definition() {
        return ResourceDefinition.builder(GROUP, "v1", "customresourcedefinitions", "CustomResourceDefinition")
                .clusterScoped().shortNames("crd", "crds").categories("api-extensions").withStatus()
                .withGeneration().keyedByGroup().build();
    }
}
