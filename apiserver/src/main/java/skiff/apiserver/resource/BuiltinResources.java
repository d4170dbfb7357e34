package skiff.apiserver.resource;

import java.util.List;
import skiff.api.validation.NameRule;
import skiff.apiserver.apiextensions.CustomResourceDefinitions;

/**
 * The built-in resources Skiff serves, with the short names, categories and field labels Kubernetes gives them. Their
 * subresources are registered with the handlers that serve them (apiserver.http.Subresources).
 */
public final class BuiltinResources {
    private BuiltinResources() {}

    // k/k pkg/registry/*/rest storage and pkg/apis/*/v1 conversion.go (AddFieldLabelConversionFunc) for field labels.
    public static ResourceCatalog catalog() {
        return new ResourceCatalog(List.of(
                core("namespaces", "Namespace").clusterScoped().shortNames("ns").withStatus()
                        .fieldLabels("status.phase").names(NameRule.DNS1123_LABEL).build(),
                core("nodes", "Node").clusterScoped().shortNames("no").withStatus()
                        .fieldLabels("spec.unschedulable").build(),
                core("pods", "Pod").shortNames("po").inCategoryAll()
                        .withStatus()
                        .fieldLabels("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                                "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
                                "status.nominatedNodeName")
                        .returnDeletedObject().build(),
                core("events", "Event").shortNames("ev").allowCreateOnUpdate()
                        .fieldLabels("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                                "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                                "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type")
                        .build(),
                core("configmaps", "ConfigMap").shortNames("cm").build(),
                core("secrets", "Secret").fieldLabels("type").build(),
                core("services", "Service").shortNames("svc").inCategoryAll().withStatus()
                        .names(NameRule.DNS1035_LABEL).build(),
                core("serviceaccounts", "ServiceAccount").shortNames("sa").build(),
                core("replicationcontrollers", "ReplicationController").shortNames("rc").inCategoryAll()
                        .withStatus().fieldLabels("status.replicas").withGeneration().build(),
                core("endpoints", "Endpoints").shortNames("ep").allowCreateOnUpdate().build(),
                // k/k pkg/registry/core/rest/storage_core.go (1.32): volumes and claims with their status.
                core("persistentvolumes", "PersistentVolume").clusterScoped().shortNames("pv").withStatus().build(),
                core("persistentvolumeclaims", "PersistentVolumeClaim").shortNames("pvc").withStatus().build(),
                apps("replicasets", "ReplicaSet").shortNames("rs").inCategoryAll().withStatus()
                        .fieldLabels("status.replicas").withGeneration().build(),
                // k/k pkg/apis/apps/validation/validation.go ValidateStatefulSetName: a DNS label, room for "-<ordinal>".
                apps("statefulsets", "StatefulSet").shortNames("sts").inCategoryAll()
                        .withStatus().withGeneration().names(NameRule.DNS1123_LABEL).build(),
                apps("deployments", "Deployment").shortNames("deploy").inCategoryAll()
                        .withStatus().withGeneration().build(),
                apps("daemonsets", "DaemonSet").shortNames("ds").inCategoryAll().withStatus()
                        .withGeneration().build(),
                apps("controllerrevisions", "ControllerRevision").build(),
                // k/k pkg/registry/batch/rest/storage_batch.go (1.32): jobs and cronjobs with their status.
                ResourceDefinition.builder("batch", "v1", "jobs", "Job").inCategoryAll().withStatus()
                        .withGeneration().build(),
                ResourceDefinition.builder("batch", "v1", "cronjobs", "CronJob").shortNames("cj").inCategoryAll()
                        .withStatus().withGeneration().build(),
                // k/k pkg/registry/authorization/rest/storage_authorization.go (1.32): reviews are created and
                // answered, never stored.
                authorization("subjectaccessreviews", "SubjectAccessReview").clusterScoped().build(),
                authorization("selfsubjectaccessreviews", "SelfSubjectAccessReview").clusterScoped().build(),
                authorization("selfsubjectrulesreviews", "SelfSubjectRulesReview").clusterScoped().build(),
                authorization("localsubjectaccessreviews", "LocalSubjectAccessReview").build(),
                // k/k pkg/registry/autoscaling/rest/storage_autoscaling.go (1.32): HorizontalPodAutoscalers stored as
                // autoscaling/v2, the preferred version, and served as autoscaling/v1 too, in category all.
                autoscaling("v2").build(),
                autoscaling("v1").build(),
                ResourceDefinition.builder("coordination.k8s.io", "v1", "leases", "Lease").allowCreateOnUpdate()
                        .build(),
                // k/k pkg/registry/events/rest/storage_events.go (1.32): the core Events' storage, seen as
                // events.k8s.io/v1; pkg/apis/events/v1/conversion.go AddFieldLabelConversionsForEvent names its labels.
                ResourceDefinition.builder("events.k8s.io", "v1", "events", "Event").shortNames("ev")
                        .sharesStorageWith("", "events").allowCreateOnUpdate()
                        .fieldLabels("regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid",
                                "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath", "reason",
                                "reportingController", "source", "type")
                        .build(),
                ResourceDefinition.builder("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice").build(),
                ResourceDefinition.builder("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget")
                        .shortNames("pdb").withStatus().withGeneration().build(),
                // k/k pkg/registry/rbac/rest/storage_rbac.go (1.32): names are path segments
                // (pkg/apis/rbac/validation ValidateRBACName).
                rbac("roles", "Role").names(NameRule.PATH_SEGMENT).build(),
                rbac("rolebindings", "RoleBinding").names(NameRule.PATH_SEGMENT).build(),
                rbac("clusterroles", "ClusterRole").clusterScoped().names(NameRule.PATH_SEGMENT).build(),
                rbac("clusterrolebindings", "ClusterRoleBinding").clusterScoped().names(NameRule.PATH_SEGMENT)
                        .build(),
                // k/k pkg/registry/certificates/rest/storage_certificates.go (1.32): with status and approval; any
                // name that is a path segment (pkg/apis/certificates/validation ValidateCertificateRequestName).
                ResourceDefinition.builder("certificates.k8s.io", "v1", "certificatesigningrequests",
                        "CertificateSigningRequest").clusterScoped().shortNames("csr").withStatus()
                        .fieldLabels("spec.signerName").names(NameRule.PATH_SEGMENT).build(),
                ResourceDefinition.builder("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass")
                        .clusterScoped().shortNames("pc").build(),
                // k/k pkg/registry/storage/rest/storage_storage.go (1.32).
                ResourceDefinition.builder("storage.k8s.io", "v1", "storageclasses", "StorageClass")
                        .clusterScoped().shortNames("sc").build(),
                CustomResourceDefinitions.definition(),
                // k/k pkg/registry/admissionregistration/rest/storage_apiserver.go (1.32): webhook configurations,
                // cluster-scoped, in the api-extensions category.
                admissionRegistration("validatingwebhookconfigurations", "ValidatingWebhookConfiguration"),
                admissionRegistration("mutatingwebhookconfigurations", "MutatingWebhookConfiguration"),
                // Admission policies (GA in 1.30): the policy with its status and a generation.
                ResourceDefinition.builder("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies",
                        "ValidatingAdmissionPolicy").clusterScoped().categories("api-extensions").withStatus()
                        .withGeneration().build(),
                admissionRegistration("validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding"),
                // k/k pkg/registry/authentication/rest/storage_authentication.go (1.32): reviews answered on create;
                // SelfSubjectReview also in v1beta1 and v1alpha1, which kubectl 1.27's auth whoami asks for.
                ResourceDefinition.builder("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview")
                        .clusterScoped().createOnly().build(),
                ResourceDefinition.builder("authentication.k8s.io", "v1", "tokenreviews", "TokenReview")
                        .clusterScoped().createOnly().build(),
                ResourceDefinition.builder("authentication.k8s.io", "v1beta1", "selfsubjectreviews",
                        "SelfSubjectReview").clusterScoped().createOnly().build(),
                ResourceDefinition.builder("authentication.k8s.io", "v1alpha1", "selfsubjectreviews",
                        "SelfSubjectReview").clusterScoped().createOnly().build(),
                // metrics-server pkg/api/install.go: NodeMetrics and PodMetrics as "nodes" and "pods", get and list,
                // no singular name; served by Skiff itself from its kubelets' resource metrics.
                ResourceDefinition.builder("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics").clusterScoped()
                        .singular("").readOnly().build(),
                ResourceDefinition.builder("metrics.k8s.io", "v1beta1", "pods", "PodMetrics").singular("")
                        .readOnly().build()));
    }

    private static ResourceDefinition.Builder core(String resource, String kind) {
        return ResourceDefinition.builder("", "v1", resource, kind);
    }

    private static ResourceDefinition admissionRegistration(String resource, String kind) {
        return ResourceDefinition.builder("admissionregistration.k8s.io", "v1", resource, kind).clusterScoped()
                .categories("api-extensions").build();
    }

    private static ResourceDefinition.Builder autoscaling(String version) {
        return ResourceDefinition.builder("autoscaling", version, "horizontalpodautoscalers", "HorizontalPodAutoscaler")
                .shortNames("hpa").inCategoryAll().withStatus();
    }

    private static ResourceDefinition.Builder rbac(String resource, String kind) {
        return ResourceDefinition.builder("rbac.authorization.k8s.io", "v1", resource, kind);
    }

    private static ResourceDefinition.Builder authorization(String resource, String kind) {
        return ResourceDefinition.builder("authorization.k8s.io", "v1", resource, kind).createOnly();
    }

    private static ResourceDefinition.Builder apps(String resource, String kind) {
        return ResourceDefinition.builder("apps", "v1", resource, kind);
    }
}
