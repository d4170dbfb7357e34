package skiff.apiserver.registry.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.apiserver.authz.PolicyRule;
import skiff.apiserver.authz.RuleCoverage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bootstrap policy against Kubernetes 1.32's (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/
 * cluster-roles.yaml, cluster-role-bindings.yaml, controller-roles.yaml, controller-role-bindings.yaml,
 * namespace-roles.yaml and namespace-role-bindings.yaml with 1.32's default feature gates): every role by name with
 * its number of rules, representative grants and refusals of each family, and every binding's subjects.
 */
class BootstrapPolicyTest {
    // testdata/cluster-roles.yaml: name and number of rules.
    private static final Map<String, Integer> KUBERNETES_CLUSTER_ROLES = ordered(
            "admin", 0, "cluster-admin", 2, "edit", 0, "system:aggregate-to-admin", 2,
            "system:aggregate-to-edit", 13, "system:aggregate-to-view", 10, "system:auth-delegator", 2,
            "system:basic-user", 2, "system:certificates.k8s.io:certificatesigningrequests:nodeclient", 1,
            "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", 1,
            "system:certificates.k8s.io:kube-apiserver-client-approver", 1,
            "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", 1,
            "system:certificates.k8s.io:kubelet-serving-approver", 1,
            "system:certificates.k8s.io:legacy-unknown-approver", 1, "system:discovery", 1, "system:heapster", 2,
            "system:kube-aggregator", 1, "system:kube-controller-manager", 11, "system:kube-dns", 1,
            "system:kube-scheduler", 18, "system:kubelet-api-admin", 3, "system:monitoring", 1, "system:node", 22,
            "system:node-bootstrapper", 1, "system:node-problem-detector", 3, "system:node-proxier", 4,
            "system:persistent-volume-provisioner", 5, "system:public-info-viewer", 1,
            "system:service-account-issuer-discovery", 1, "system:volume-scheduler", 3, "view", 0);
    // testdata/controller-roles.yaml: system:controller:<name> and number of rules.
    private static final Map<String, Integer> KUBERNETES_CONTROLLER_ROLES = ordered(
            "attachdetach-controller", 8, "certificate-controller", 6, "clusterrole-aggregation-controller", 1,
            "cronjob-controller", 6, "daemon-set-controller", 8, "deployment-controller", 6,
            "disruption-controller", 9, "endpoint-controller", 4, "endpointslice-controller", 4,
            "endpointslicemirroring-controller", 5, "ephemeral-volume-controller", 4, "expand-controller", 5,
            "generic-garbage-collector", 2, "horizontal-pod-autoscaler", 8, "job-controller", 5,
            "legacy-service-account-token-cleaner", 2, "namespace-controller", 3, "node-controller", 5,
            "persistent-volume-binder", 10, "pod-garbage-collector", 3, "pv-protection-controller", 2,
            "pvc-protection-controller", 3, "replicaset-controller", 5, "replication-controller", 5,
            "resourcequota-controller", 3, "root-ca-cert-publisher", 2, "route-controller", 3,
            "service-account-controller", 2, "service-controller", 4, "statefulset-controller", 10,
            "ttl-after-finished-controller", 2, "ttl-controller", 2, "validatingadmissionpolicy-status-controller", 3);
    // testdata/namespace-roles.yaml: namespace/name and number of rules.
    private static final Map<String, Integer> KUBERNETES_ROLES = ordered(
            "kube-public/system:controller:bootstrap-signer", 3,
            "kube-system/extension-apiserver-authentication-reader", 1,
            "kube-system/system:controller:bootstrap-signer", 1, "kube-system/system:controller:cloud-provider", 1,
            "kube-system/system:controller:token-cleaner", 2,
            "kube-system/system::leader-locking-kube-controller-manager", 3,
            "kube-system/system::leader-locking-kube-scheduler", 2);
    // Skiff's own components' roles (skiff-roles.yaml), kept apart from Kubernetes'.
    private static final List<String> SKIFF_CLUSTER_ROLES = List.of("skiff:servicelb-controller",
            "skiff:local-path-provisioner", "system:coredns", "system:aggregated-metrics-reader");
    private static final List<String> SKIFF_ROLES = List.of("kube-system/skiff:cluster-dns");
    private static final List<ObjectNode> CLUSTER_ROLES = BootstrapPolicy.clusterRoles();
    private static final List<ObjectNode> ROLES = BootstrapPolicy.roles();

    @Test
    void theClusterRolesAreKubernetesDefaultsWithTheirNumbersOfRulesThenSkiffsOwn() {
        Map<String, Integer> expected = new LinkedHashMap<>(KUBERNETES_CLUSTER_ROLES);
        KUBERNETES_CONTROLLER_ROLES.forEach((name, rules) -> expected.put("system:controller:" + name, rules));
        Map<String, Integer> actual = new LinkedHashMap<>();
        BootstrapPolicy.clusterRoles().forEach(role -> actual.put(name(role), role.path("rules").size()));

        assertThat(actual).hasSize(31 + 33 + SKIFF_CLUSTER_ROLES.size());
        assertThat(actual).containsAllEntriesOf(expected);
        assertThat(actual.keySet()).containsAll(SKIFF_CLUSTER_ROLES);
        assertThat(actual.keySet()).filteredOn(name -> !expected.containsKey(name))
                .containsExactlyElementsOf(SKIFF_CLUSTER_ROLES);
    }

    @Test
    void theNamespacedRolesAreKubernetesOnesOfKubeSystemAndKubePublicThenSkiffsOwn() {
        Map<String, Integer> actual = new LinkedHashMap<>();
        BootstrapPolicy.roles().forEach(role -> actual.put(key(role), role.path("rules").size()));

        Map<String, Integer> expected = new LinkedHashMap<>(KUBERNETES_ROLES);
        expected.put(SKIFF_ROLES.getFirst(), 5);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void everyObjectCarriesTheBootstrappingLabelAndTheAutoupdateAnnotation() {
        Stream.of(BootstrapPolicy.clusterRoles(), BootstrapPolicy.clusterRoleBindings(), BootstrapPolicy.roles(),
                BootstrapPolicy.roleBindings()).flatMap(List::stream).forEach(o -> {
                    assertThat(o.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asString())
                            .as(key(o)).isEqualTo("rbac-defaults");
                    assertThat(o.path("metadata").path("annotations").path(BootstrapPolicy.AUTOUPDATE).asString())
                            .as(key(o)).isEqualTo("true");
                });
    }

    @Test
    void theAggregatedRolesSelectByTheirLabelsAndCarryTheNextOnesLabel() {
        Map<String, ObjectNode> roles = BootstrapPolicy.clusterRoles().stream()
                .collect(Collectors.toMap(BootstrapPolicyTest::name, r -> r));

        assertThat(selectors(roles.get("admin"))).isEqualTo("rbac.authorization.k8s.io/aggregate-to-admin=true");
        assertThat(selectors(roles.get("edit"))).isEqualTo("rbac.authorization.k8s.io/aggregate-to-edit=true");
        assertThat(selectors(roles.get("view"))).isEqualTo("rbac.authorization.k8s.io/aggregate-to-view=true");
        assertThat(labels(roles.get("edit"))).containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
        assertThat(labels(roles.get("view"))).containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
        assertThat(labels(roles.get("system:aggregate-to-admin")))
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
        assertThat(labels(roles.get("system:aggregate-to-edit")))
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
        assertThat(labels(roles.get("system:aggregate-to-view")))
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
        assertThat(roles.values()).filteredOn(r -> r.has("aggregationRule")).extracting(BootstrapPolicyTest::name)
                .containsExactlyInAnyOrder("admin", "edit", "view");
    }

    // role | verb | apiGroup | resource (or non-resource URL) | resourceName | covered; namespaced roles as ns/name.
    @ParameterizedTest(name = "{0} {1} {2}/{3} {4}: {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            cluster-admin | delete | apps | deployments | - | true
            system:aggregate-to-admin | create | authorization.k8s.io | localsubjectaccessreviews | - | true
            system:aggregate-to-admin | deletecollection | rbac.authorization.k8s.io | rolebindings | - | true
            system:aggregate-to-admin | escalate | rbac.authorization.k8s.io | roles | - | false
            system:aggregate-to-edit | impersonate | '' | serviceaccounts | - | true
            system:aggregate-to-edit | create | '' | serviceaccounts/token | - | true
            system:aggregate-to-edit | create | '' | pods/eviction | - | true
            system:aggregate-to-edit | update | extensions | replicationcontrollers/scale | - | true
            system:aggregate-to-edit | list | coordination.k8s.io | leases | - | true
            system:aggregate-to-edit | create | rbac.authorization.k8s.io | rolebindings | - | false
            system:aggregate-to-view | get | '' | secrets | - | false
            system:aggregate-to-view | watch | discovery.k8s.io | endpointslices | - | true
            system:aggregate-to-view | list | batch | cronjobs/status | - | true
            system:aggregate-to-view | get | '' | namespaces/status | - | true
            system:aggregate-to-view | get | '' | pods/log | - | true
            system:aggregate-to-view | create | '' | pods | - | false
            system:auth-delegator | create | authentication.k8s.io | tokenreviews | - | true
            system:basic-user | create | authentication.k8s.io | selfsubjectreviews | - | true
            system:basic-user | create | authorization.k8s.io | subjectaccessreviews | - | false
            system:discovery | get | - | /openapi/v3 | - | true
            system:discovery | get | - | /version/ | - | true
            system:discovery | get | - | /metrics | - | false
            system:public-info-viewer | get | - | /livez | - | true
            system:public-info-viewer | get | - | /apis | - | false
            system:monitoring | get | - | /metrics/slis | - | true
            system:monitoring | get | - | /readyz/etcd | - | true
            system:service-account-issuer-discovery | get | - | /openid/v1/jwks | - | true
            system:certificates.k8s.io:kube-apiserver-client-approver | approve | certificates.k8s.io | signers | kubernetes.io/kube-apiserver-client | true
            system:certificates.k8s.io:kube-apiserver-client-approver | approve | certificates.k8s.io | signers | kubernetes.io/kubelet-serving | false
            system:certificates.k8s.io:certificatesigningrequests:selfnodeclient | create | certificates.k8s.io | certificatesigningrequests/selfnodeclient | - | true
            system:node-bootstrapper | create | certificates.k8s.io | certificatesigningrequests | - | true
            system:kube-controller-manager | create | '' | serviceaccounts/token | - | true
            system:kube-controller-manager | update | coordination.k8s.io | leases | kube-controller-manager | true
            system:kube-controller-manager | update | coordination.k8s.io | leases | kube-scheduler | false
            system:kube-controller-manager | list | apps | deployments | - | true
            system:kube-controller-manager | delete | '' | pods | - | false
            system:kube-scheduler | create | '' | pods/binding | - | true
            system:kube-scheduler | get | storage.k8s.io | csistoragecapacities | - | true
            system:kube-scheduler | delete | '' | pods | - | true
            system:kube-scheduler | update | '' | pods | - | false
            system:volume-scheduler | patch | '' | persistentvolumeclaims | - | true
            system:node | get | node.k8s.io | runtimeclasses | - | true
            system:node | create | '' | serviceaccounts/token | - | true
            system:node | update | '' | pods | - | false
            system:node-proxier | watch | discovery.k8s.io | endpointslices | - | true
            system:node-proxier | get | '' | services | - | false
            system:kube-dns | list | '' | endpoints | - | true
            system:kube-dns | get | '' | services | - | false
            system:kubelet-api-admin | proxy | '' | nodes | - | true
            system:kubelet-api-admin | get | '' | nodes/stats | - | true
            system:heapster | list | extensions | deployments | - | true
            system:kube-aggregator | get | '' | services | - | true
            system:node-problem-detector | patch | '' | nodes/status | - | true
            system:persistent-volume-provisioner | watch | '' | events | - | true
            system:persistent-volume-provisioner | delete | '' | persistentvolumeclaims | - | false
            system:controller:attachdetach-controller | create | storage.k8s.io | volumeattachments | - | true
            system:controller:certificate-controller | sign | certificates.k8s.io | signers | kubernetes.io/legacy-unknown | true
            system:controller:certificate-controller | approve | certificates.k8s.io | signers | kubernetes.io/kubelet-serving | false
            system:controller:horizontal-pod-autoscaler | update | apps | deployments/scale | - | true
            system:controller:horizontal-pod-autoscaler | list | external.metrics.k8s.io | anything | - | true
            system:controller:namespace-controller | deletecollection | apps | deployments | - | true
            system:controller:namespace-controller | update | '' | namespaces/finalize | - | true
            system:controller:legacy-service-account-token-cleaner | get | '' | configmaps | kube-apiserver-legacy-service-account-token-tracking | true
            system:controller:legacy-service-account-token-cleaner | get | '' | configmaps | kube-root-ca.crt | false
            system:controller:endpoint-controller | create | '' | endpoints/restricted | - | true
            system:controller:endpointslicemirroring-controller | update | '' | endpoints/finalizers | - | true
            system:controller:validatingadmissionpolicy-status-controller | patch | admissionregistration.k8s.io | validatingadmissionpolicies/status | - | true
            system:controller:statefulset-controller | update | '' | pods/finalizers | - | true
            system:controller:daemon-set-controller | create | '' | pods/binding | - | true
            system:controller:disruption-controller | get | apps | statefulsets/scale | - | true
            system:controller:job-controller | delete | batch | jobs | - | false
            system:controller:ttl-after-finished-controller | delete | batch | jobs | - | true
            system:controller:replicaset-controller | get | '' | secrets | - | false
            system:controller:generic-garbage-collector | patch | apps | deployments | - | true
            system:controller:generic-garbage-collector | create | apps | deployments | - | false
            system:controller:resourcequota-controller | update | '' | resourcequotas/status | - | true
            system:controller:persistent-volume-binder | watch | '' | events | - | true
            system:controller:expand-controller | patch | '' | persistentvolumeclaims/status | - | true
            system:controller:ttl-controller | patch | '' | nodes | - | true
            system:controller:route-controller | patch | '' | nodes/status | - | true
            system:controller:service-controller | update | '' | services/status | - | true
            system:controller:root-ca-cert-publisher | update | '' | configmaps | - | true
            kube-system/system:controller:token-cleaner | delete | '' | secrets | - | true
            kube-system/system:controller:token-cleaner | create | '' | secrets | - | false
            kube-system/system:controller:bootstrap-signer | watch | '' | secrets | - | true
            kube-public/system:controller:bootstrap-signer | update | '' | configmaps | cluster-info | true
            kube-public/system:controller:bootstrap-signer | update | '' | configmaps | kube-root-ca.crt | false
            kube-system/extension-apiserver-authentication-reader | get | '' | configmaps | extension-apiserver-authentication | true
            kube-system/extension-apiserver-authentication-reader | get | '' | configmaps | kubeadm-config | false
            kube-system/system:controller:cloud-provider | create | '' | configmaps | - | true
            kube-system/system::leader-locking-kube-scheduler | update | '' | configmaps | kube-scheduler | true
            kube-system/system::leader-locking-kube-controller-manager | create | coordination.k8s.io | leases | - | true
            system:coredns | watch | discovery.k8s.io | endpointslices | - | true
            system:coredns | list | '' | pods | - | true
            system:coredns | get | '' | secrets | - | false
            kube-system/skiff:cluster-dns | update | '' | endpoints | kube-dns | true
            kube-system/skiff:cluster-dns | update | '' | services | kube-dns | false
            """)
    void eachRoleCoversWhatKubernetesGrantsItAndNoMore(String role, String verb, String group, String resource,
            String name, boolean covered) {
        PolicyRule wanted = group == null ? PolicyRule.nonResource(List.of(verb), List.of(resource))
                : PolicyRule.resource(List.of(verb), List.of(group), List.of(resource),
                        name == null ? List.of() : List.of(name));

        assertThat(RuleCoverage.missing(rules(role), List.of(wanted)).isEmpty()).isEqualTo(covered);
    }

    @Test
    void theClusterRoleBindingsBindTheirSubjects() {
        Map<String, String> bindings = new LinkedHashMap<>();
        BootstrapPolicy.clusterRoleBindings().forEach(b -> bindings.put(name(b), roleRef(b) + " " + subjects(b)));

        // testdata/cluster-role-bindings.yaml
        assertThat(bindings).containsAllEntriesOf(ordered(
                "cluster-admin", "ClusterRole/cluster-admin [Group/system:masters]",
                "system:basic-user", "ClusterRole/system:basic-user [Group/system:authenticated]",
                "system:discovery", "ClusterRole/system:discovery [Group/system:authenticated]",
                "system:kube-controller-manager",
                "ClusterRole/system:kube-controller-manager [User/system:kube-controller-manager]",
                "system:kube-dns", "ClusterRole/system:kube-dns [ServiceAccount/kube-system/kube-dns]",
                "system:kube-scheduler", "ClusterRole/system:kube-scheduler [User/system:kube-scheduler]",
                "system:monitoring", "ClusterRole/system:monitoring [Group/system:monitoring]",
                "system:node", "ClusterRole/system:node []",
                "system:node-proxier", "ClusterRole/system:node-proxier [User/system:kube-proxy]",
                "system:public-info-viewer", "ClusterRole/system:public-info-viewer [Group/system:authenticated, "
                        + "Group/system:unauthenticated]",
                "system:service-account-issuer-discovery",
                "ClusterRole/system:service-account-issuer-discovery [Group/system:serviceaccounts]",
                "system:volume-scheduler", "ClusterRole/system:volume-scheduler [User/system:kube-scheduler]"));
        // testdata/controller-role-bindings.yaml: each controller's role to its account in kube-system.
        KUBERNETES_CONTROLLER_ROLES.keySet().forEach(account -> assertThat(bindings)
                .containsEntry("system:controller:" + account, "ClusterRole/system:controller:" + account
                        + " [ServiceAccount/kube-system/" + account + "]"));
        assertThat(bindings).containsEntry("system:coredns",
                "ClusterRole/system:coredns [ServiceAccount/kube-system/coredns]");
        // Every Skiff role but metrics-server's reader, which is aggregated and bound to no one.
        assertThat(bindings).doesNotContainKey("system:aggregated-metrics-reader");
        assertThat(bindings).hasSize(12 + 33 + SKIFF_CLUSTER_ROLES.size() - 1);
    }

    @Test
    void theRoleBindingsBindTheirNamespacesRoles() {
        Map<String, String> bindings = new LinkedHashMap<>();
        BootstrapPolicy.roleBindings().forEach(b -> bindings.put(key(b), roleRef(b) + " " + subjects(b)));

        // testdata/namespace-role-bindings.yaml
        assertThat(bindings).containsExactlyInAnyOrderEntriesOf(ordered(
                "kube-public/system:controller:bootstrap-signer",
                "Role/system:controller:bootstrap-signer [ServiceAccount/kube-system/bootstrap-signer]",
                "kube-system/system::extension-apiserver-authentication-reader",
                "Role/extension-apiserver-authentication-reader [User/system:kube-controller-manager, "
                        + "User/system:kube-scheduler]",
                "kube-system/system::leader-locking-kube-controller-manager",
                "Role/system::leader-locking-kube-controller-manager [User/system:kube-controller-manager, "
                        + "ServiceAccount/kube-system/kube-controller-manager, "
                        + "ServiceAccount/kube-system/leader-election-controller]",
                "kube-system/system::leader-locking-kube-scheduler",
                "Role/system::leader-locking-kube-scheduler [User/system:kube-scheduler, "
                        + "ServiceAccount/kube-system/kube-scheduler]",
                "kube-system/system:controller:bootstrap-signer",
                "Role/system:controller:bootstrap-signer [ServiceAccount/kube-system/bootstrap-signer]",
                "kube-system/system:controller:cloud-provider",
                "Role/system:controller:cloud-provider [ServiceAccount/kube-system/cloud-provider]",
                "kube-system/system:controller:token-cleaner",
                "Role/system:controller:token-cleaner [ServiceAccount/kube-system/token-cleaner]",
                "kube-system/skiff:cluster-dns", "Role/skiff:cluster-dns [ServiceAccount/kube-system/coredns]"));
    }

    private static List<PolicyRule> rules(String role) {
        List<ObjectNode> candidates = role.contains("/") ? ROLES : CLUSTER_ROLES;
        return candidates.stream().filter(r -> (role.contains("/") ? key(r) : name(r)).equals(role)).findFirst()
                .map(r -> PolicyRule.all(r.path("rules"))).orElseThrow(() -> new AssertionError("no role " + role));
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asString();
    }

    private static String key(JsonNode object) {
        JsonNode namespace = object.path("metadata").path("namespace");
        return namespace.isMissingNode() ? name(object) : namespace.asString() + "/" + name(object);
    }

    private static String roleRef(JsonNode binding) {
        return binding.path("roleRef").path("kind").asString() + "/" + binding.path("roleRef").path("name")
                .asString();
    }

    private static String subjects(JsonNode binding) {
        List<String> subjects = new java.util.ArrayList<>();
        binding.path("subjects").forEach(s -> subjects.add(s.path("kind").asString() + "/"
                + (s.has("namespace") ? s.path("namespace").asString() + "/" : "") + s.path("name").asString()));
        return subjects.toString();
    }

    private static String selectors(JsonNode role) {
        return role.path("aggregationRule").path("clusterRoleSelectors").valueStream()
                .flatMap(s -> s.path("matchLabels").properties().stream())
                .map(e -> e.getKey() + "=" + e.getValue().asString()).collect(Collectors.joining(","));
    }

    private static Map<String, String> labels(JsonNode role) {
        Map<String, String> labels = new LinkedHashMap<>();
        role.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        assertThat(Arrays.asList(pairs)).hasSize(map.size() * 2);
        return map;
    }
}
