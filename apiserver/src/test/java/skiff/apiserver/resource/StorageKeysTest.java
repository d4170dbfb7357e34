package skiff.apiserver.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every stored built-in resource keeps its objects under the key kube-apiserver 1.32 gives it, so that
 * {@code etcdctl get --prefix /registry} reads like a Kubernetes cluster's (k/k pkg/kubeapiserver
 * default_storage_factory_builder.go, apiserver pkg/server/storage/storage_factory.go, apiextensions-apiserver).
 */
class StorageKeysTest {

    /** group/resource (core without a group) → the key of object NAME in namespace NS (or cluster-scoped NAME). */
    private static final Map<String, String> KUBERNETES_KEYS = Map.ofEntries(
            Map.entry("namespaces", "/registry/namespaces/NAME"),
            Map.entry("nodes", "/registry/minions/NAME"),
            Map.entry("pods", "/registry/pods/NS/NAME"),
            Map.entry("events", "/registry/events/NS/NAME"),
            Map.entry("configmaps", "/registry/configmaps/NS/NAME"),
            Map.entry("secrets", "/registry/secrets/NS/NAME"),
            Map.entry("services", "/registry/services/specs/NS/NAME"),
            Map.entry("serviceaccounts", "/registry/serviceaccounts/NS/NAME"),
            Map.entry("replicationcontrollers", "/registry/controllers/NS/NAME"),
            Map.entry("endpoints", "/registry/services/endpoints/NS/NAME"),
            Map.entry("persistentvolumes", "/registry/persistentvolumes/NAME"),
            Map.entry("persistentvolumeclaims", "/registry/persistentvolumeclaims/NS/NAME"),
            Map.entry("apps/replicasets", "/registry/replicasets/NS/NAME"),
            Map.entry("apps/statefulsets", "/registry/statefulsets/NS/NAME"),
            Map.entry("apps/deployments", "/registry/deployments/NS/NAME"),
            Map.entry("apps/daemonsets", "/registry/daemonsets/NS/NAME"),
            Map.entry("apps/controllerrevisions", "/registry/controllerrevisions/NS/NAME"),
            Map.entry("batch/jobs", "/registry/jobs/NS/NAME"),
            Map.entry("batch/cronjobs", "/registry/cronjobs/NS/NAME"),
            Map.entry("autoscaling/horizontalpodautoscalers", "/registry/horizontalpodautoscalers/NS/NAME"),
            Map.entry("coordination.k8s.io/leases", "/registry/leases/NS/NAME"),
            Map.entry("events.k8s.io/events", "/registry/events/NS/NAME"),
            Map.entry("discovery.k8s.io/endpointslices", "/registry/endpointslices/NS/NAME"),
            Map.entry("policy/poddisruptionbudgets", "/registry/poddisruptionbudgets/NS/NAME"),
            Map.entry("rbac.authorization.k8s.io/roles", "/registry/roles/NS/NAME"),
            Map.entry("rbac.authorization.k8s.io/rolebindings", "/registry/rolebindings/NS/NAME"),
            Map.entry("rbac.authorization.k8s.io/clusterroles", "/registry/clusterroles/NAME"),
            Map.entry("rbac.authorization.k8s.io/clusterrolebindings", "/registry/clusterrolebindings/NAME"),
            Map.entry("certificates.k8s.io/certificatesigningrequests", "/registry/certificatesigningrequests/NAME"),
            Map.entry("scheduling.k8s.io/priorityclasses", "/registry/priorityclasses/NAME"),
            Map.entry("storage.k8s.io/storageclasses", "/registry/storageclasses/NAME"),
            Map.entry("apiextensions.k8s.io/customresourcedefinitions",
                    "/registry/apiextensions.k8s.io/customresourcedefinitions/NAME"),
            Map.entry("admissionregistration.k8s.io/validatingwebhookconfigurations",
                    "/registry/validatingwebhookconfigurations/NAME"),
            Map.entry("admissionregistration.k8s.io/mutatingwebhookconfigurations",
                    "/registry/mutatingwebhookconfigurations/NAME"),
            Map.entry("admissionregistration.k8s.io/validatingadmissionpolicies",
                    "/registry/validatingadmissionpolicies/NAME"),
            Map.entry("admissionregistration.k8s.io/validatingadmissionpolicybindings",
                    "/registry/validatingadmissionpolicybindings/NAME"));

    @Test
    void everyStoredBuiltInResourceHasKubeApiserversKey() {
        Map<String, String> served = new TreeMap<>();
        for (ResourceDefinition def : BuiltinResources.catalog().all()) {
            if (!def.createOnly() && !def.readOnly()) {
                served.put(def.group().isEmpty() ? def.resource() : def.group() + "/" + def.resource(),
                        def.key("NS", "NAME"));
            }
        }
        assertThat(served).isEqualTo(new TreeMap<>(KUBERNETES_KEYS));
    }

    @Test
    void ingressesShareKubeApiserversSingularPrefix() {
        assertThat(StorageKeys.builtIn("networking.k8s.io", "ingresses")).isEqualTo("/registry/ingress/");
    }

    @Test
    void customResourcesAreKeyedByGroupAndPlural() {
        ResourceDefinition widgets = ResourceDefinition.builder("example.com", "v1", "widgets", "Widget")
                .keyedByGroup().build();
        assertThat(widgets.key("NS", "NAME")).isEqualTo("/registry/example.com/widgets/NS/NAME");
    }
}
