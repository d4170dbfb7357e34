package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RBAC through kubectl (k/k plugin/pkg/auth/authorizer/rbac and pkg/registry/rbac, 1.32): the admin (system:masters)
 * acts as other users with {@code --as}, which is honest for authorization; what those users may do follows the
 * Roles and bindings, refusals carry Kubernetes' messages, no one grants what they do not hold, and
 * {@code kubectl auth can-i} answers. A user of a client certificate (openssl-signed by the cluster CA) shows the same
 * with the user and groups of its subject.
 */
class RbacKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet");

    @Test
    void aViewerCannotCreateUntilARoleBindingLetsThem(Kubectl kubectl) {
        String ns = namespace(kubectl);
        String user = "jane-" + ns;
        kubectl.succeed("create", "rolebinding", "viewers", "--clusterrole=view", "--user=" + user, "-n", ns);
        awaitAggregated(kubectl, "view", "pods");

        KubectlResult refused = kubectl.run("create", "configmap", "settings", "--from-literal=a=b", "-n", ns,
                "--as=" + user);
        KubectlResult listed = kubectl.run("get", "configmaps", "-n", ns, "--as=" + user);
        KubectlResult elsewhere = kubectl.run("get", "pods", "-n", "default", "--as=" + user);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("error: failed to create configmap: configmaps is forbidden: User \""
                + user + "\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"" + ns
                + "\"\n");
        assertThat(listed.exitCode()).isZero();
        assertThat(elsewhere.stderr()).isEqualTo("Error from server (Forbidden): pods is forbidden: User \"" + user
                + "\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"\n");

        kubectl.succeed("create", "rolebinding", "editors", "--clusterrole=edit", "--user=" + user, "-n", ns);
        awaitAggregated(kubectl, "edit", "configmaps");
        kubectl.succeed("create", "configmap", "settings", "--from-literal=a=b", "-n", ns, "--as=" + user);
        assertThat(kubectl.succeed("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.a}").stdout())
                .isEqualTo("b");
    }

    @Test
    void aCertificateUserOnlyViewsUntilTheirGroupIsBoundAndCannotEscalate(Kubectl kubectl) throws IOException {
        String ns = namespace(kubectl);
        String user = "carol-" + ns;
        String group = "devs-" + ns;
        Path file = UserCertificates.kubeconfig(skiff.server().dataDir(), skiff.server().kubeconfig(),
                kubectl.workDir(), user, "/CN=" + user + "/O=" + group, "");
        Kubectl carol = Kubectl.version("1.33", file, kubectl.workDir());
        kubectl.succeed("create", "rolebinding", "viewers", "--clusterrole=view", "--user=" + user, "-n", ns);
        awaitAggregated(kubectl, "view", "pods");

        String whoami = carol.succeed("auth", "whoami", "-o",
                "jsonpath={.status.userInfo.username} {.status.userInfo.groups}").stdout();
        KubectlResult refused = carol.run("create", "configmap", "settings", "--from-literal=a=b", "-n", ns);
        String viewer = carol.succeed("auth", "can-i", "--list", "-n", ns).stdout();

        assertThat(whoami).isEqualTo(user + " [\"" + group + "\",\"system:authenticated\"]");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("error: failed to create configmap: configmaps is forbidden: User \""
                + user + "\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"" + ns
                + "\"\n");
        assertThat(viewer).containsPattern("(?m)^configmaps\\s+\\[\\]\\s+\\[\\]\\s+\\[get list watch\\]$");
        assertThat(viewer).doesNotContainPattern("(?m)^configmaps\\s.*create");

        kubectl.succeed("create", "rolebinding", "admins", "--clusterrole=admin", "--group=" + group, "-n", ns);
        awaitAggregated(kubectl, "admin", "configmaps");
        carol.succeed("create", "configmap", "settings", "--from-literal=a=b", "-n", ns);
        String admin = carol.succeed("auth", "can-i", "--list", "-n", ns).stdout();
        carol.succeed("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns);
        KubectlResult escalation = carol.run("create", "role", "node-reader", "--verb=list", "--resource=nodes",
                "-n", ns);

        assertThat(kubectl.succeed("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.a}").stdout())
                .isEqualTo("b");
        assertThat(admin).containsPattern("(?m)^configmaps\\s+\\[\\]\\s+\\[\\]\\s+\\[.*\\bcreate\\b.*\\]$");
        assertThat(admin).containsPattern("(?m)^roles.rbac.authorization.k8s.io\\s+\\[\\]\\s+\\[\\]\\s+\\[.*"
                + "\\bcreate\\b.*\\]$");
        assertThat(escalation.stderr()).isEqualTo("Error from server (Forbidden): roles.rbac.authorization.k8s.io "
                + "\"node-reader\" is forbidden: user \"" + user + "\" (groups=[\"" + group + "\" \"system:"
                + "authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"list\"]}\n");
    }

    @Test
    void clusterScopedAndGroupRefusalsNameTheScope(Kubectl kubectl) {
        KubectlResult nodes = kubectl.run("get", "nodes", "--as=nobody");
        KubectlResult raw = kubectl.run("get", "--raw", "/metrics", "--as=nobody");

        assertThat(nodes.stderr()).isEqualTo("Error from server (Forbidden): nodes is forbidden: User \"nobody\" "
                + "cannot list resource \"nodes\" in API group \"\" at the cluster scope\n");
        assertThat(raw.stderr()).contains("forbidden: User \"nobody\" cannot get path \"/metrics\"");
        // system:discovery is bound to every authenticated user.
        assertThat(kubectl.run("get", "--raw", "/version", "--as=nobody").exitCode()).isZero();
    }

    @ParameterizedTest(name = "kubectl {0}")
    @ValueSource(strings = {"1.27", "1.33"})
    void canIAnswersForUsersGroupsAndSubresources(String version, Kubectl any) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), any.workDir());
        String ns = namespace(kubectl);
        String user = "ann-" + ns;
        kubectl.succeed("create", "role", "log-reader", "--verb=get", "--resource=pods,pods/log", "-n", ns);
        kubectl.succeed("create", "rolebinding", "log-readers", "--role=log-reader", "--group=readers-" + ns,
                "-n", ns);

        assertThat(kubectl.run("auth", "can-i", "get", "pods/log", "-n", ns, "--as=" + user,
                "--as-group=readers-" + ns).stdout()).isEqualTo("yes\n");
        assertThat(kubectl.run("auth", "can-i", "get", "pods", "--subresource=log", "-n", ns, "--as=" + user,
                "--as-group=readers-" + ns).stdout()).isEqualTo("yes\n");
        KubectlResult no = kubectl.run("auth", "can-i", "delete", "pods", "-n", ns, "--as=" + user,
                "--as-group=readers-" + ns);
        assertThat(no.stdout()).isEqualTo("no\n");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(kubectl.run("auth", "can-i", "get", "pods/log", "-n", ns, "--as=" + user).stdout())
                .isEqualTo("no\n");
        assertThat(kubectl.run("auth", "can-i", "create", "clusterroles").stdout()).isEqualTo("yes\n");

        String list = kubectl.succeed("auth", "can-i", "--list", "-n", ns, "--as=" + user,
                "--as-group=readers-" + ns).stdout();
        assertThat(list).containsPattern("(?m)^Resources\\s+Non-Resource URLs\\s+Resource Names\\s+Verbs$");
        assertThat(list).containsPattern("(?m)^pods/log\\s+\\[\\]\\s+\\[\\]\\s+\\[get\\]$");
        assertThat(list).containsPattern("(?m)^selfsubjectaccessreviews.authorization.k8s.io\\s+\\[\\]\\s+\\[\\]\\s+"
                + "\\[create\\]$");
        assertThat(list).containsPattern("(?m)^\\s+\\[/version\\]\\s+\\[\\]\\s+\\[get\\]$");
        assertThat(list).doesNotContain("configmaps");
    }

    @ParameterizedTest(name = "kubectl {0}")
    @ValueSource(strings = {"1.27", "1.33"})
    void execIsAuthorizedAsCreateOnPodsExecOverSpdyAndWebSockets(String version, Kubectl any) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), any.workDir());
        String ns = namespace(kubectl);
        String user = "viewer-" + ns;
        kubectl.succeed("create", "rolebinding", "viewers", "--clusterrole=view", "--user=" + user, "-n", ns);
        awaitAggregated(kubectl, "view", "pods");
        // No kubelet here: the pod stays Pending, and the refusal comes before any kubelet would be asked.
        kubectl.succeed("run", "shell", "--image=busybox", "-n", ns, "--", "sleep", "3600");

        KubectlResult exec = kubectl.run("exec", "shell", "-n", ns, "--as=" + user, "--", "true");

        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).endsWith("Error from server (Forbidden): pods \"shell\" is forbidden: User \""
                + user + "\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"" + ns
                + "\"\n");
    }

    @Test
    void noOneGrantsWhatTheyDoNotHold(Kubectl kubectl) {
        String ns = namespace(kubectl);
        String user = "lead-" + ns;
        kubectl.succeed("create", "rolebinding", "admins", "--clusterrole=admin", "--user=" + user, "-n", ns);
        awaitAggregated(kubectl, "admin", "rolebindings");

        kubectl.succeed("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns,
                "--as=" + user);
        KubectlResult role = kubectl.run("create", "role", "node-reader", "--verb=list", "--resource=nodes", "-n", ns,
                "--as=" + user);
        KubectlResult binding = kubectl.run("create", "rolebinding", "takeover", "--clusterrole=cluster-admin",
                "--user=" + user, "-n", ns, "--as=" + user);

        assertThat(role.stderr()).isEqualTo("Error from server (Forbidden): roles.rbac.authorization.k8s.io "
                + "\"node-reader\" is forbidden: user \"" + user + "\" (groups=[\"system:authenticated\"]) is "
                + "attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"list\"]}\n");
        assertThat(binding.stderr()).startsWith("error: failed to create rolebinding: rolebindings.rbac."
                + "authorization.k8s.io \"takeover\" is forbidden: user \"" + user + "\" (groups=[\"system:"
                + "authenticated\"]) is attempting to grant RBAC permissions not currently held:\n");

        // With escalate on roles and bind on the cluster role, both go through.
        kubectl.succeed("create", "role", "escalator", "--verb=escalate", "--resource=roles.rbac.authorization.k8s.io",
                "-n", ns);
        kubectl.succeed("create", "rolebinding", "escalators", "--role=escalator", "--user=" + user, "-n", ns);
        kubectl.succeed("create", "role", "node-reader", "--verb=list", "--resource=nodes", "-n", ns,
                "--as=" + user);
    }

    @Test
    void bindingsPrintTheirRoleAndSubjects(Kubectl kubectl) {
        String ns = namespace(kubectl);
        kubectl.succeed("create", "rolebinding", "mixed", "--clusterrole=view", "--user=u1", "--user=u2",
                "--group=g1", "--serviceaccount=" + ns + ":robot", "-n", ns);

        String wide = kubectl.succeed("get", "rolebindings", "-n", ns, "-o", "wide").stdout();
        String roles = kubectl.succeed("get", "clusterroles", "cluster-admin").stdout();
        String described = kubectl.succeed("describe", "rolebinding", "mixed", "-n", ns).stdout();

        assertThat(wide).containsPattern("(?m)^NAME\\s+ROLE\\s+AGE\\s+USERS\\s+GROUPS\\s+SERVICEACCOUNTS$");
        assertThat(wide).containsPattern("(?m)^mixed\\s+ClusterRole/view\\s+\\S+\\s+u1, u2\\s+g1\\s+" + ns
                + ":robot$");
        assertThat(roles).containsPattern("(?m)^NAME\\s+CREATED AT$");
        assertThat(roles).containsPattern("(?m)^cluster-admin\\s+\\d{4}-\\d\\d-\\d\\dT");
        assertThat(described).containsPattern("Role:\\s+Kind:\\s+ClusterRole\\s+Name:\\s+view");
        assertThat(described).containsPattern("ServiceAccount\\s+robot\\s+" + ns);
    }

    @Test
    void invalidObjectsAreRefusedWithFieldPaths(Kubectl kubectl) {
        String ns = namespace(kubectl);
        KubectlResult role = kubectl.run("apply", "-f", kubectl.file("role.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: broken, namespace: %s}
                rules:
                - apiGroups: [""]
                  resources: [pods]
                - nonResourceURLs: [/healthz]
                  verbs: [get]
                """.formatted(ns)));
        KubectlResult binding = kubectl.run("apply", "-f", kubectl.file("binding.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: broken-%s}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: view}
                subjects:
                - {kind: ServiceAccount, name: robot}
                """.formatted(ns)));
        kubectl.succeed("create", "rolebinding", "fixed", "--clusterrole=view", "--user=u", "-n", ns);
        KubectlResult changed = kubectl.run("patch", "rolebinding", "fixed", "-n", ns, "--type=merge", "-p",
                "{\"roleRef\":{\"name\":\"edit\"}}");

        assertThat(role.stderr()).contains("The Role \"broken\" is invalid: \n"
                + "* rules[0].verbs: Required value: verbs must contain at least one value\n"
                + "* rules[1].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules cannot apply to "
                + "non-resource URLs\n");
        assertThat(binding.stderr()).contains("roleRef.kind: Unsupported value: \"Role\": supported values: "
                + "\"ClusterRole\"");
        assertThat(binding.stderr()).contains("subjects[0].namespace: Required value");
        assertThat(changed.stderr()).contains("roleRef: Invalid value:");
        assertThat(changed.stderr()).contains("cannot change roleRef");
    }

    @Test
    void aggregatedRolesGainTheRulesOfRolesTheySelect(Kubectl kubectl) {
        String name = "crontabs-" + UUID.randomUUID().toString().substring(0, 6);
        kubectl.succeed("apply", "-f", kubectl.file("aggregate.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: %s
                  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
                rules:
                - apiGroups: [stable.example.com]
                  resources: [%s]
                  verbs: [get, list, watch]
                """.formatted(name, name)));

        for (String role : new String[] {"view", "edit", "admin"}) {
            awaitAggregated(kubectl, role, name);
        }
        kubectl.succeed("delete", "clusterrole", name);
        await().atMost(Duration.ofSeconds(30)).until(() -> !kubectl.succeed("get", "clusterrole", "view", "-o",
                "jsonpath={.rules[*].resources}").stdout().contains(name));
    }

    private static void awaitAggregated(Kubectl kubectl, String role, String resource) {
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.succeed("get", "clusterrole", role, "-o",
                "jsonpath={.rules[*].resources}").stdout().contains(resource));
    }

    private static String namespace(Kubectl kubectl) {
        String ns = "rbac-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl.succeed("create", "namespace", ns);
        return ns;
    }
}
