package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.fieldmanager.Objects.json;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The merge types read from Kubernetes' published OpenAPI v3 documents (kube-openapi pkg/schemaconv). */
class MergeSchemaTest {
    private final MergeSchema schema = MergeSchema.builtin();

    @ParameterizedTest
    @CsvSource({"v1,ConfigMap", "v1,Endpoints", "v1,Event", "v1,Namespace", "v1,Node", "v1,PersistentVolumeClaim",
            "v1,PersistentVolume", "v1,Pod", "v1,ReplicationController", "v1,Secret", "v1,ServiceAccount",
            "v1,Service", "apiextensions.k8s.io/v1,CustomResourceDefinition", "apps/v1,ControllerRevision",
            "apps/v1,DaemonSet", "apps/v1,Deployment", "apps/v1,ReplicaSet", "apps/v1,StatefulSet",
            "authentication.k8s.io/v1,TokenReview", "authorization.k8s.io/v1,SubjectAccessReview",
            "autoscaling/v2,HorizontalPodAutoscaler", "autoscaling/v1,Scale", "batch/v1,CronJob", "batch/v1,Job",
            "certificates.k8s.io/v1,CertificateSigningRequest", "coordination.k8s.io/v1,Lease",
            "discovery.k8s.io/v1,EndpointSlice", "events.k8s.io/v1,Event", "policy/v1,PodDisruptionBudget",
            "policy/v1,Eviction", "rbac.authorization.k8s.io/v1,ClusterRoleBinding",
            "rbac.authorization.k8s.io/v1,ClusterRole", "rbac.authorization.k8s.io/v1,RoleBinding",
            "rbac.authorization.k8s.io/v1,Role", "scheduling.k8s.io/v1,PriorityClass",
            "storage.k8s.io/v1,StorageClass"})
    void everyPublishedKindIsAStructWithObjectMeta(String apiVersion, String kind) {
        SchemaType root = schema.root(apiVersion, kind);

        assertThat(root).isInstanceOf(SchemaType.Struct.class);
        assertThat(((SchemaType.Struct) root).declares("metadata")).isTrue();
        assertThat(root.child("metadata").child("finalizers").list().kind()).isEqualTo(SchemaType.ListKind.SET);
        assertThat(root.child("metadata").child("labels")).isEqualTo(
                new SchemaType.MapOf(SchemaType.Leaf.INSTANCE, false));
    }

    @Test
    void kindsWithoutAPublishedSchemaAreDeduced() {
        assertThat(schema.root("example.com/v1", "Widget")).isEqualTo(SchemaType.Deduced.INSTANCE);
        assertThat(schema.root("v1", "NoSuchKind")).isEqualTo(SchemaType.Deduced.INSTANCE);
    }

    @Test
    void keyedListsTakeTheirKeysAndTheKeysDefaults() {
        SchemaType.ListOf ports = schema.root("v1", "Service").child("spec").child("ports").list();

        assertThat(ports.kind()).isEqualTo(SchemaType.ListKind.MAP);
        assertThat(ports.keys()).containsExactly("port", "protocol");
        assertThat(ports.keyDefaults()).isEqualTo(Map.of("port", json("0"), "protocol", json("'TCP'")));
        SchemaType.ListOf spread = schema.root("apps/v1", "Deployment").child("spec").child("template")
                .child("spec").child("topologySpreadConstraints").list();
        assertThat(spread.keys()).containsExactly("topologyKey", "whenUnsatisfiable");
        SchemaType.ListOf webhooks = schema.root("admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration").child("webhooks").list();
        assertThat(webhooks.kind()).isEqualTo(SchemaType.ListKind.MAP);
        assertThat(webhooks.keys()).containsExactly("name");
    }

    @Test
    void atomicityComesFromTheTypeOrTheReferenceThatOverridesIt() {
        assertThat(schema.root("policy/v1", "PodDisruptionBudget").child("spec").child("selector").atomicObject())
                .isTrue();
        assertThat(schema.root("v1", "Event").child("involvedObject").atomicObject()).isTrue();
        assertThat(schema.root("v1", "PersistentVolume").child("spec").child("claimRef").atomicObject()).isFalse();
        assertThat(schema.root("discovery.k8s.io/v1", "EndpointSlice").child("endpoints").list())
                .isEqualTo(SchemaType.ATOMIC_LIST);
        assertThat(schema.root("v1", "Pod").child("spec").child("nodeSelector").atomicObject()).isTrue();
    }

    @Test
    void quantitiesAndRawExtensionsAreLeavesAndFreeFormObjectsAreDeducedMaps() {
        SchemaType requests = schema.root("v1", "Pod").child("spec").child("containers").list().items()
                .child("resources").child("requests");
        assertThat(requests).isEqualTo(new SchemaType.MapOf(SchemaType.Leaf.INSTANCE, false));
        assertThat(schema.root("apps/v1", "ControllerRevision").child("data")).isEqualTo(SchemaType.Leaf.INSTANCE);
        assertThat(new OpenApiMergeTypes(name -> null).of(json("{'type':'object'}")))
                .isEqualTo(new SchemaType.MapOf(SchemaType.Deduced.INSTANCE, false));
    }

    @Test
    void aListWithoutAListTypeFollowsItsPatchStrategy() {
        OpenApiMergeTypes types = new OpenApiMergeTypes(name -> null);

        assertThat(types.of(json("{'type':'array','items':{'type':'object'},'x-kubernetes-patch-strategy':'merge',"
                + "'x-kubernetes-patch-merge-key':'name'}")).list().keys()).isEqualTo(List.of("name"));
        assertThat(types.of(json("{'type':'array','items':{'type':'string'},"
                + "'x-kubernetes-patch-strategy':'merge'}")).list().kind()).isEqualTo(SchemaType.ListKind.SET);
        assertThat(types.of(json("{'type':'array','items':{'type':'string'},"
                + "'x-kubernetes-patch-strategy':'retainKeys'}")).list()).isEqualTo(SchemaType.ATOMIC_LIST);
    }
}
