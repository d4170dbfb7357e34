package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.apiserver.auth.UserInfo;

/** Decisions and their reasons over a fixed set of roles and bindings (k/k rbac.go Authorize, 1.32). */
class RbacAuthorizerTest {
    private static final UserInfo JANE = UserInfo.of("jane", List.of("devs", UserInfo.ALL_AUTHENTICATED));
    private static final UserInfo BOB = UserInfo.of("bob", List.of(UserInfo.ALL_AUTHENTICATED));
    private static final UserInfo ROBOT = UserInfo.of("system:serviceaccount:team:robot",
            List.of("system:serviceaccounts", UserInfo.ALL_AUTHENTICATED));
    private static final UserInfo ADMIN = UserInfo.of("root", List.of(UserInfo.MASTERS));

    private final RbacAuthorizer authorizer = new RbacAuthorizer(new FixedPolicy()
            .add("""
                    kind: ClusterRole
                    metadata: {name: reader}
                    rules: [{apiGroups: [""], resources: [pods, pods/log], verbs: [get, list, watch]}]
                    """)
            .add("""
                    kind: ClusterRoleBinding
                    metadata: {name: devs-read}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
                    subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: devs}]
                    """)
            .add("""
                    kind: Role
                    metadata: {name: writer, namespace: team}
                    rules: [{apiGroups: [""], resources: [configmaps], verbs: [create]}]
                    """)
            .add("""
                    kind: RoleBinding
                    metadata: {name: robot-write, namespace: team}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: writer}
                    subjects: [{kind: ServiceAccount, name: robot}]
                    """)
            .add("""
                    kind: RoleBinding
                    metadata: {name: dangling, namespace: team}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gone}
                    subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: bob}]
                    """));

    @Test
    void aClusterRoleBindingToAGroupAllowsEverywhereAndSaysWhy() {
        Decision d = authorizer.authorize(RequestAttributes.resource(JANE, "list", "", "pods", "", "any", ""));

        assertThat(d.allowed()).isTrue();
        assertThat(d.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"devs-read\" of ClusterRole "
                + "\"reader\" to Group \"devs\"");
    }

    @Test
    void whatNoRuleAllowsHasNoOpinion() {
        assertThat(authorizer.authorize(RequestAttributes.resource(JANE, "delete", "", "pods", "", "any", "p")))
                .isEqualTo(Decision.noOpinion(""));
        assertThat(authorizer.authorize(RequestAttributes.resource(JANE, "create", "", "configmaps", "", "team", "")))
                .isEqualTo(Decision.noOpinion(""));
    }

    @Test
    void aRoleBindingToAServiceAccountOfItsNamespaceAllowsOnlyThere() {
        Decision there = authorizer.authorize(
                RequestAttributes.resource(ROBOT, "create", "", "configmaps", "", "team", ""));
        Decision elsewhere = authorizer.authorize(
                RequestAttributes.resource(ROBOT, "create", "", "configmaps", "", "other", ""));

        assertThat(there.allowed()).isTrue();
        assertThat(there.reason()).isEqualTo("RBAC: allowed by RoleBinding \"robot-write/team\" of Role \"writer\" "
                + "to ServiceAccount \"robot/team\"");
        assertThat(elsewhere.allowed()).isFalse();
    }

    @Test
    void aBindingToAMissingRoleIsTheReasonOfADenial() {
        Decision d = authorizer.authorize(RequestAttributes.resource(BOB, "get", "", "pods", "", "team", "p"));

        assertThat(d).isEqualTo(Decision.noOpinion(
                "RBAC: clusterrole.rbac.authorization.k8s.io \"gone\" not found"));
    }

    @Test
    void systemMastersMayDoAnything() {
        assertThat(authorizer.authorize(RequestAttributes.nonResource(ADMIN, "delete", "/anything")).allowed())
                .isTrue();
        assertThat(authorizer.authorize(RequestAttributes.resource(ADMIN, "escalate", "rbac.authorization.k8s.io",
                "clusterroles", "", "", "x")).allowed()).isTrue();
    }

    @Test
    void theRulesForAUserGatherClusterAndNamespaceBindings() {
        RuleResolver.Rules rules = authorizer.resolver().rulesFor(ROBOT, "team");
        RuleResolver.Rules bobs = authorizer.resolver().rulesFor(BOB, "team");

        assertThat(rules.rules()).containsExactly(PolicyRule.resource(List.of("create"), List.of(""),
                List.of("configmaps"), List.of()));
        assertThat(bobs.rules()).isEmpty();
        assertThat(bobs.errors()).containsExactly("clusterrole.rbac.authorization.k8s.io \"gone\" not found");
    }
}
