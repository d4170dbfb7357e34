package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.registry.rbac.PolicyReconciler;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RBAC registries: the bootstrap policy reconciled at start (k/k pkg/registry/rbac/reconciliation, 1.32) and
 * escalation prevention on writes (k/k pkg/registry/rbac/*&#47;policybased).
 */
class RbacStorageTest {
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final UserInfo JANE = UserInfo.of("jane", List.of(UserInfo.ALL_AUTHENTICATED));

    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage clusterRoles = cluster.storage(RBAC, "clusterroles");
    private final ResourceStorage roles = cluster.storage(RBAC, "roles");
    private final ResourceStorage roleBindings = cluster.storage(RBAC, "rolebindings");

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void reconcilingRestoresMissingRulesKeepsAdditionsAndRespectsAutoupdateFalse() {
        new PolicyReconciler(cluster.registries).reconcile();
        ObjectNode basic = clusterRoles.get(null, "system:basic-user");
        basic.putArray("rules").add(json("{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"verbs\":[\"get\"]}"));
        clusterRoles.update(null, "system:basic-user", basic, WriteOptions.DEFAULT);
        ObjectNode discovery = clusterRoles.get(null, "system:discovery");
        ((ObjectNode) discovery.path("metadata").path("annotations"))
                .put("rbac.authorization.kubernetes.io/autoupdate", "false");
        discovery.putArray("rules");
        clusterRoles.update(null, "system:discovery", discovery, WriteOptions.DEFAULT);

        new PolicyReconciler(cluster.registries).reconcile();

        String rules = clusterRoles.get(null, "system:basic-user").path("rules").toString();
        assertThat(rules).contains("configmaps", "selfsubjectaccessreviews", "selfsubjectrulesreviews",
                "selfsubjectreviews");
        assertThat(clusterRoles.get(null, "system:discovery").path("rules").isEmpty()).isTrue();
        assertThat(cluster.storage(RBAC, "clusterrolebindings").get(null, "system:public-info-viewer")
                .path("subjects").toString()).contains("system:unauthenticated");
    }

    @Test
    void eachControllersRoleIsBoundToItsServiceAccountInKubeSystem() {
        new PolicyReconciler(cluster.registries).reconcile();

        ObjectNode role = clusterRoles.get(null, "system:controller:replicaset-controller");
        assertThat(role.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asString())
                .isEqualTo("rbac-defaults");
        assertThat(role.path("rules").toString()).contains("replicasets/status", "pods").doesNotContain("secrets");
        ObjectNode binding = cluster.storage(RBAC, "clusterrolebindings")
                .get(null, "system:controller:replicaset-controller");
        assertThat(binding.path("roleRef").path("name").asString())
                .isEqualTo("system:controller:replicaset-controller");
        assertThat(binding.path("subjects")).singleElement().satisfies(subject -> {
            assertThat(subject.path("kind").asString()).isEqualTo("ServiceAccount");
            assertThat(subject.path("name").asString()).isEqualTo("replicaset-controller");
            assertThat(subject.path("namespace").asString()).isEqualTo("kube-system");
        });
        // Skiff's own service load balancer has a role of Skiff's name, as k3s gives its servicelb one.
        assertThat(cluster.storage(RBAC, "clusterrolebindings").get(null, "skiff:servicelb-controller")
                .path("subjects").toString()).contains("servicelb-controller");
    }

    @Test
    void theNamespacedRolesAreCreatedInTheirNamespacesAndReconciledLikeTheClusterRoles() {
        new PolicyReconciler(cluster.registries).reconcile();
        assertThat(cluster.registries.namespaces().find(null, "kube-public")).isPresent();
        ObjectNode cleaner = roles.get("kube-system", "system:controller:token-cleaner");
        cleaner.putArray("rules").add(json("{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"get\"]}"));
        roles.update("kube-system", "system:controller:token-cleaner", cleaner, WriteOptions.DEFAULT);
        ObjectNode signer = roles.get("kube-public", "system:controller:bootstrap-signer");
        ((ObjectNode) signer.path("metadata").path("annotations"))
                .put("rbac.authorization.kubernetes.io/autoupdate", "false");
        signer.putArray("rules");
        roles.update("kube-public", "system:controller:bootstrap-signer", signer, WriteOptions.DEFAULT);
        ObjectNode binding = roleBindings.get("kube-system", "system:controller:token-cleaner");
        ((ArrayNode) binding.get("subjects")).add(json(
                "{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"jane\"}"));
        roleBindings.update("kube-system", "system:controller:token-cleaner", binding, WriteOptions.DEFAULT);
        roleBindings.delete("kube-public", "system:controller:bootstrap-signer", DeleteOptions.DEFAULT);

        new PolicyReconciler(cluster.registries).reconcile();

        assertThat(roles.get("kube-system", "system:controller:token-cleaner").path("rules").toString())
                .contains("\"delete\"", "\"watch\"", "events");
        assertThat(roles.get("kube-public", "system:controller:bootstrap-signer").path("rules").isEmpty()).isTrue();
        assertThat(roleBindings.get("kube-system", "system:controller:token-cleaner").path("subjects").toString())
                .contains("\"jane\"", "\"token-cleaner\"");
        assertThat(roleBindings.get("kube-public", "system:controller:bootstrap-signer").path("roleRef").path("kind")
                .asString()).isEqualTo("Role");
    }

    @Test
    void aUserCannotWriteARoleWithRulesTheyLackButTheServerAndMastersCan() {
        new PolicyReconciler(cluster.registries).reconcile();
        roleBindings.create("default", json("""
                {"metadata":{"name":"jane-reads"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:discovery"},
                 "subjects":[{"kind":"User","name":"jane"}]}"""), WriteOptions.DEFAULT);
        ObjectNode role = json("""
                {"metadata":{"name":"secrets"},
                 "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get","list"]}]}""");

        assertThatThrownBy(() -> roles.create("default", role.deepCopy(), asUser(JANE)))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("roles.rbac.authorization.k8s.io \"secrets\" is forbidden: "
                            + "user \"jane\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC "
                            + "permissions not currently held:\n"
                            + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}");
                });
        assertThat(roles.create("default", role.deepCopy(),
                asUser(UserInfo.of("root", List.of(UserInfo.MASTERS)))).path("rules")).hasSize(1);
        assertThat(roleBindings.find("default", "jane-reads")).isPresent();
    }

    @Test
    void changingOnlyFinalizersOfARoleGrantsNothingSoNeedsNoRules() {
        roles.create("default", json("""
                {"metadata":{"name":"secrets"},
                 "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]}"""), WriteOptions.DEFAULT);
        ObjectNode finalized = roles.get("default", "secrets");
        ((ObjectNode) finalized.get("metadata")).putArray("finalizers").add("example.com/hold");

        assertThat(roles.update("default", "secrets", finalized, asUser(JANE)).object().path("metadata")
                .path("finalizers").toString()).contains("example.com/hold");
        ObjectNode widened = roles.get("default", "secrets");
        ((ObjectNode) widened.path("rules").get(0)).putArray("verbs").add("get").add("list");
        assertThatThrownBy(() -> roles.update("default", "secrets", widened, asUser(JANE)))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(403));
    }

    @Test
    void bindingAMissingRoleIsForbiddenWithTheListersMessage() {
        assertThatThrownBy(() -> roleBindings.create("default", json("""
                {"metadata":{"name":"dangling"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"ghost"},
                 "subjects":[{"kind":"User","name":"jane"}]}"""), asUser(JANE)))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "rolebindings.rbac.authorization.k8s.io \"dangling\" is forbidden: "
                                + "role.rbac.authorization.k8s.io \"ghost\" not found"));
    }

    private static WriteOptions asUser(UserInfo user) {
        return new WriteOptions(false, "test", null, user);
    }
}
