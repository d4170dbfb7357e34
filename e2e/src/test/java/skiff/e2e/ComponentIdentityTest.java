package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The server's own components each authenticate as themselves and are held to the roles Kubernetes 1.32 gives them:
 * every controller as its ServiceAccount in kube-system (system:controller:&lt;account&gt;), the scheduler as
 * system:kube-scheduler, the kubelet as system:node:&lt;node&gt; under the Node authorizer, the service proxy as
 * system:kube-proxy, the token cleaner as kube-system/token-cleaner held to its Role in kube-system, and cluster DNS as
 * kube-system/coredns (system:coredns, as k3s and kubeadm give CoreDNS).
 */
class ComponentIdentityTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RS_CONTROLLER = "system:serviceaccount:kube-system:replicaset-controller";
    private static final String TOKEN_CLEANER = "system:serviceaccount:kube-system:token-cleaner";
    private static final String CLUSTER_DNS = "system:serviceaccount:kube-system:coredns";
    private static final List<String> KUBE_SYSTEM_ACCOUNTS = List.of("system:serviceaccounts",
            "system:serviceaccounts:kube-system", "system:authenticated");

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private final KubernetesClient client = skiff.client();

    @Test
    void aReplicaSetsPodsAreMadeScheduledAndRunByComponentsHeldToTheirRoles() {
        client.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("identities").endMetadata().withNewSpec().withReplicas(2).withNewSelector()
                .addToMatchLabels("app", "identities").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "identities").endMetadata().withNewSpec().addNewContainer().withName("main")
                .withImage("busybox").withCommand("sleep", "3600").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.pods().inNamespace("default")
                .withLabel("app", "identities").list().getItems()).hasSize(2).allSatisfy(pod -> {
                    assertThat(pod.getSpec().getNodeName()).isEqualTo(skiff.nodeName());
                    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                }));
        // The controller manager made the account whose token the ReplicaSet controller uses, bound to its role.
        assertThat(client.serviceAccounts().inNamespace("kube-system").withName("replicaset-controller").get())
                .isNotNull();
        ClusterRoleBinding binding = client.rbac().clusterRoleBindings()
                .withName("system:controller:replicaset-controller").get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("system:controller:replicaset-controller");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getNamespace()).isEqualTo("kube-system");
            assertThat(s.getName()).isEqualTo("replicaset-controller");
        });
        // Scheduled by the scheduler (its Binding and event as system:kube-scheduler), started by the kubelet (its
        // status and event as system:node:<node>).
        Pod pod = client.pods().inNamespace("default").withLabel("app", "identities").list().getItems().get(0);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default")
                .withField("involvedObject.name", pod.getMetadata().getName()).list().getItems())
                .extracting(e -> e.getReason()).contains("Scheduled", "Started"));
    }

    @Test
    void theReplicaSetControllerMayCreatePodsButNotReadSecrets() {
        assertThat(allowed(RS_CONTROLLER, KUBE_SYSTEM_ACCOUNTS, "default", "", "pods", "create")).isTrue();
        assertThat(allowed(RS_CONTROLLER, KUBE_SYSTEM_ACCOUNTS, "default", "apps", "replicasets/status", "update"))
                .isTrue();
        assertThat(allowed(RS_CONTROLLER, KUBE_SYSTEM_ACCOUNTS, "default", "", "secrets", "get")).isFalse();
        assertThat(allowed(RS_CONTROLLER, KUBE_SYSTEM_ACCOUNTS, "default", "apps", "deployments", "update"))
                .isFalse();
    }

    @Test
    void aControllersTokenIsRefusedOutsideItsRole() {
        await().atMost(DEADLINE).until(() -> client.serviceAccounts().inNamespace("kube-system")
                .withName("replicaset-controller").get() != null);
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
                .withName("not-for-controllers").endMetadata().addToStringData("k", "v").build()).create();
        try (KubernetesClient controller = clientWithTokenOf("replicaset-controller")) {
            assertThat(controller.pods().inNamespace("default").list().getItems()).isNotNull();
            assertThatThrownBy(() -> controller.secrets().inNamespace("default").withName("not-for-controllers")
                    .get()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getStatus().getMessage()).contains("User \"" + RS_CONTROLLER + "\"",
                                "cannot get resource \"secrets\"");
                    });
        }
    }

    @Test
    void clusterDnsActsAsTheCorednsAccountWhichMayListServicesButNotReadSecrets() {
        // The server made the account cluster DNS runs as (no controller makes accounts but "default"), bound as
        // k3s binds CoreDNS'.
        await().atMost(DEADLINE).until(() -> client.serviceAccounts().inNamespace("kube-system").withName("coredns")
                .get() != null);
        ClusterRoleBinding binding = client.rbac().clusterRoleBindings().withName("system:coredns").get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("system:coredns");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getNamespace()).isEqualTo("kube-system");
            assertThat(s.getName()).isEqualTo("coredns");
        });
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
                .withName("not-for-dns").endMetadata().addToStringData("k", "v").build()).create();

        try (KubernetesClient dns = clientWithTokenOf("coredns")) {
            assertThat(dns.services().inAnyNamespace().list().getItems()).extracting(s -> s.getMetadata().getName())
                    .contains("kubernetes", "kube-dns");
            assertThat(dns.discovery().v1().endpointSlices().inAnyNamespace().list().getItems()).isNotEmpty();
            assertThatThrownBy(() -> dns.secrets().inNamespace("default").withName("not-for-dns").get())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getStatus().getMessage()).contains("User \"" + CLUSTER_DNS + "\"",
                                "cannot get resource \"secrets\"");
                    });
        }
        // It may write the kube-dns Service's endpoints in kube-system, and no other Service's.
        assertThat(allowed(CLUSTER_DNS, KUBE_SYSTEM_ACCOUNTS, "kube-system", "", "endpoints", "update", "kube-dns"))
                .isTrue();
        assertThat(allowed(CLUSTER_DNS, KUBE_SYSTEM_ACCOUNTS, "default", "", "endpoints", "update", "kube-dns"))
                .isFalse();
    }

    @Test
    void theTokenCleanerIsHeldToItsRoleInKubeSystemWhereItDeletesExpiredBootstrapTokens() {
        assertThat(allowed(TOKEN_CLEANER, KUBE_SYSTEM_ACCOUNTS, "kube-system", "", "secrets", "delete")).isTrue();
        assertThat(allowed(TOKEN_CLEANER, KUBE_SYSTEM_ACCOUNTS, "default", "", "secrets", "delete")).isFalse();
        assertThat(allowed(TOKEN_CLEANER, KUBE_SYSTEM_ACCOUNTS, "kube-system", "", "secrets", "create")).isFalse();
        RoleBinding binding = client.rbac().roleBindings().inNamespace("kube-system")
                .withName("system:controller:token-cleaner").get();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("system:controller:token-cleaner");

        // An expired bootstrap token goes, deleted by the cleaner as that account.
        client.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bootstrap-token-c1ea4e").endMetadata().withType("bootstrap.kubernetes.io/token")
                .addToStringData("token-id", "c1ea4e").addToStringData("token-secret", "0123456789abcdef")
                .addToStringData("expiration", "2000-01-01T00:00:00Z").build()).create();
        await().atMost(DEADLINE).until(() -> client.secrets().inNamespace("kube-system")
                .withName("bootstrap-token-c1ea4e").get() == null);
        assertThat(client.serviceAccounts().inNamespace("kube-system").withName("token-cleaner").get()).isNotNull();
    }

    @Test
    void theSchedulerKubeletProxyAndControllerManagerHaveTheirDefaultRoles() {
        List<String> authenticated = List.of("system:authenticated");
        assertThat(allowed("system:kube-scheduler", authenticated, "default", "", "pods/binding", "create")).isTrue();
        assertThat(allowed("system:kube-scheduler", authenticated, "default", "", "pods", "create")).isFalse();
        assertThat(allowed("system:kube-proxy", authenticated, null, "discovery.k8s.io", "endpointslices", "watch"))
                .isTrue();
        assertThat(allowed("system:kube-proxy", authenticated, "default", "", "pods", "list")).isFalse();
        assertThat(allowed("system:kube-controller-manager", authenticated, null, "", "secrets", "list")).isTrue();
        assertThat(allowed("system:kube-controller-manager", authenticated, "default", "", "pods", "delete"))
                .isFalse();
        String node = "system:node:" + skiff.nodeName();
        List<String> nodes = List.of("system:nodes", "system:authenticated");
        assertThat(allowed(node, nodes, null, "", "nodes/status", "patch", skiff.nodeName())).isTrue();
        // The Node authorizer: a secret no pod of the node uses is out of its reach.
        assertThat(allowed(node, nodes, "default", "", "secrets", "get", "not-for-nodes")).isFalse();
    }

    /** A client with a token of the kube-system account {@code name}, requested by the admin. */
    private KubernetesClient clientWithTokenOf(String name) {
        String token = client.serviceAccounts().inNamespace("kube-system").withName(name)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()).getStatus().getToken();
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(skiff.config()).withOauthToken(token)
                .build()).build();
    }

    private boolean allowed(String user, List<String> groups, String namespace, String group, String resource,
            String verb) {
        return allowed(user, groups, namespace, group, resource, verb, null);
    }

    private boolean allowed(String user, List<String> groups, String namespace, String group, String resource,
            String verb, String name) {
        String[] parts = resource.split("/", 2);
        SubjectAccessReview review = client.authorization().v1().subjectAccessReview()
                .create(new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withGroups(groups)
                        .withNewResourceAttributes().withNamespace(namespace).withGroup(group)
                        .withResource(parts[0]).withSubresource(parts.length > 1 ? parts[1] : null).withVerb(verb)
                        .withName(name).endResourceAttributes().endSpec().build());
        return review.getStatus().getAllowed();
    }
}
