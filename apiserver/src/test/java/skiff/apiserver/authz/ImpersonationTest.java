package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;

/** Impersonation headers, each checked against RBAC (k/k apiserver filters/impersonation_test.go, 1.32). */
class ImpersonationTest {
    private static final UserInfo ADMIN = UserInfo.of("root", List.of(UserInfo.MASTERS));
    private static final UserInfo SUPPORT = UserInfo.of("support", List.of(UserInfo.ALL_AUTHENTICATED));

    private final Impersonation impersonation = new Impersonation(new RbacAuthorizer(new FixedPolicy()
            .add("""
                    kind: ClusterRole
                    metadata: {name: impersonate-jane}
                    rules: [{apiGroups: [""], resources: [users], resourceNames: [jane], verbs: [impersonate]}]
                    """)
            .add("""
                    kind: ClusterRoleBinding
                    metadata: {name: support}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-jane}
                    subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: support}]
                    """)));

    @Test
    void withoutHeadersTheRequesterActs() {
        assertThat(impersonation.actingAs(SUPPORT, Map.of())).isSameAs(SUPPORT);
    }

    @Test
    void anImpersonatedUserIsAuthenticatedUnlessAGroupSaysOtherwise() {
        assertThat(impersonation.actingAs(ADMIN, Map.of("impersonate-user", List.of("jane"))))
                .isEqualTo(UserInfo.of("jane", List.of(UserInfo.ALL_AUTHENTICATED)));
        assertThat(impersonation.actingAs(ADMIN, Map.of("impersonate-user", List.of("jane"),
                "impersonate-group", List.of("devs", "ops"))))
                .isEqualTo(UserInfo.of("jane", List.of("devs", "ops", UserInfo.ALL_AUTHENTICATED)));
        assertThat(impersonation.actingAs(ADMIN, Map.of("impersonate-user", List.of(UserInfo.ANONYMOUS))))
                .isEqualTo(UserInfo.of(UserInfo.ANONYMOUS, List.of(UserInfo.ALL_UNAUTHENTICATED)));
    }

    @Test
    void aServiceAccountGetsItsGroupsAndExtrasAreKept() {
        UserInfo robot = impersonation.actingAs(ADMIN, Map.of("impersonate-user",
                List.of("system:serviceaccount:team:robot"), "impersonate-extra-scopes", List.of("a", "b")));

        assertThat(robot.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:team",
                UserInfo.ALL_AUTHENTICATED);
        assertThat(robot.extra()).isEqualTo(Map.of("scopes", List.of("a", "b")));
    }

    @Test
    void groupsWithoutAUserAreAnInternalErrorAsInKubernetes() {
        assertThatThrownBy(() -> impersonation.actingAs(ADMIN, Map.of("impersonate-group", List.of("devs"))))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("Internal error occurred: requested [{Group  devs    }] "
                            + "without impersonating a user");
                });
    }

    @Test
    void onlyWhatRbacGrantsMayBeImpersonated() {
        assertThat(impersonation.actingAs(SUPPORT, Map.of("impersonate-user", List.of("jane"))).name())
                .isEqualTo("jane");
        assertThatThrownBy(() -> impersonation.actingAs(SUPPORT, Map.of("impersonate-user", List.of("bob"))))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("users \"bob\" is forbidden: User \"support\" cannot "
                            + "impersonate resource \"users\" in API group \"\" at the cluster scope");
                });
        assertThatThrownBy(() -> impersonation.actingAs(SUPPORT, Map.of("impersonate-user", List.of("jane"),
                "impersonate-group", List.of(UserInfo.MASTERS))))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("groups \"system:masters\" is forbidden: User \"support\" cannot impersonate "
                                + "resource \"groups\" in API group \"\" at the cluster scope"));
    }
}
