package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.registry.rbac.BootstrapPolicy;
import tools.jackson.databind.node.ObjectNode;

/**
 * What node a may do and node b may not, when node a runs the only pod, which references a secret, a config map, a
 * claim and a service account (k/k plugin/pkg/auth/authorizer/node/node_authorizer_test.go, 1.32).
 */
class NodeAuthorizerTest {
    private static final UserInfo NODE_A = UserInfo.of("system:node:a", List.of(NodeIdentity.GROUP));
    private static final UserInfo NODE_B = UserInfo.of("system:node:b", List.of(NodeIdentity.GROUP));
    private static final ObjectNode POD = yaml("""
            metadata: {name: web, namespace: ns}
            spec:
              nodeName: a
              serviceAccountName: robot
              imagePullSecrets: [{name: pull}]
              containers:
              - name: c
                env: [{name: X, valueFrom: {secretKeyRef: {name: env-secret, key: k}}}]
                envFrom: [{configMapRef: {name: env-config}}]
              volumes:
              - {name: s, secret: {secretName: vol-secret}}
              - name: p
                projected: {sources: [{configMap: {name: kube-root-ca.crt}}, {secret: {name: projected-secret}}]}
              - {name: data, persistentVolumeClaim: {claimName: data}}
              - {name: scratch, ephemeral: {volumeClaimTemplate: {spec: {}}}}
            """);
    private static final ObjectNode CLAIM = yaml("""
            metadata: {name: data, namespace: ns}
            spec: {volumeName: pv-data}
            """);

    private final NodeAuthorizer authorizer = new NodeAuthorizer(new NodeRelations(new NodeRelationSource() {
        @Override
        public List<ObjectNode> podsOn(String node, String namespace) {
            boolean match = node.equals("a") && (namespace == null || namespace.equals("ns"));
            return match ? List.of(POD) : List.of();
        }

        @Override
        public Optional<ObjectNode> pod(String namespace, String name) {
            return namespace.equals("ns") && name.equals("web") ? Optional.of(POD) : Optional.empty();
        }

        @Override
        public Optional<ObjectNode> persistentVolumeClaim(String namespace, String name) {
            return namespace.equals("ns") && name.equals("data") ? Optional.of(CLAIM) : Optional.empty();
        }
    }), BootstrapPolicy.nodeRules());

    static Stream<Arguments> referencedObjects() {
        return Stream.of(
                Arguments.of(get("secrets", "ns", "pull")),
                Arguments.of(get("secrets", "ns", "env-secret")),
                Arguments.of(get("secrets", "ns", "vol-secret")),
                Arguments.of(get("secrets", "ns", "projected-secret")),
                Arguments.of(get("configmaps", "ns", "env-config")),
                Arguments.of(get("configmaps", "ns", "kube-root-ca.crt")),
                Arguments.of(get("persistentvolumeclaims", "ns", "data")),
                Arguments.of(get("persistentvolumeclaims", "ns", "web-scratch")),
                Arguments.of(get("persistentvolumes", "", "pv-data")),
                Arguments.of(request("create", "", "serviceaccounts", "token", "ns", "robot", "")),
                Arguments.of(get("pods", "ns", "web")));
    }

    @ParameterizedTest
    @MethodSource("referencedObjects")
    void aNodeReadsWhatItsPodsReferenceAndAnotherNodeDoesNot(RequestAttributes request) {
        assertThat(authorizer.authorize(request.withUser(NODE_A))).isEqualTo(Decision.allow(""));
        assertThat(authorizer.authorize(request.withUser(NODE_B)))
                .isEqualTo(Decision.noOpinion("no relationship found between node 'b' and this object"));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(get("secrets", "ns", "other"), "no relationship found between node 'a' and this object"),
                Arguments.of(get("secrets", "other-ns", "pull"),
                        "no relationship found between node 'a' and this object"),
                Arguments.of(request("list", "", "secrets", "", "ns", "", ""), "No Object name found"),
                Arguments.of(request("update", "", "secrets", "", "ns", "pull", ""),
                        "can only read resources of this type"),
                Arguments.of(request("list", "", "persistentvolumes", "", "", "", ""),
                        "can only get individual resources of this type"),
                Arguments.of(request("get", "", "serviceaccounts", "", "ns", "robot", ""),
                        "can only create tokens for individual service accounts"),
                Arguments.of(request("create", "", "serviceaccounts", "token", "ns", "default", ""),
                        "no relationship found between node 'a' and this object"),
                Arguments.of(request("get", "coordination.k8s.io", "leases", "", "kube-node-lease", "b", ""),
                        "can only access node lease with the same name as the requesting node"),
                Arguments.of(request("get", "coordination.k8s.io", "leases", "", "default", "a", ""),
                        "can only access leases in the \"kube-node-lease\" system namespace"),
                Arguments.of(request("list", "coordination.k8s.io", "leases", "", "kube-node-lease", "", ""),
                        "can only get, create, update, patch, or delete a node lease"),
                Arguments.of(get("nodes", "", "b"), "node 'a' cannot read 'b', only its own Node object"),
                Arguments.of(request("list", "", "nodes", "", "", "", ""),
                        "node 'a' cannot read all nodes, only its own Node object"),
                Arguments.of(request("delete", "", "nodes", "", "", "a", ""), ""),
                Arguments.of(request("list", "", "pods", "", "", "", ""),
                        "can only list/watch pods with spec.nodeName field selector"),
                Arguments.of(request("list", "", "pods", "", "", "", "spec.nodeName=b"),
                        "can only list/watch pods with spec.nodeName field selector"),
                Arguments.of(request("update", "", "pods", "", "ns", "web", ""), ""),
                Arguments.of(request("create", "", "deployments", "", "ns", "", ""), ""));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void eachRuleSaysWhyItHasNoOpinion(RequestAttributes request, String reason) {
        assertThat(authorizer.authorize(request.withUser(NODE_A))).isEqualTo(Decision.noOpinion(reason));
    }

    static Stream<Arguments> ownObjects() {
        return Stream.of(
                Arguments.of(get("nodes", "", "a")),
                Arguments.of(request("watch", "", "nodes", "", "", "a", "metadata.name=a")),
                Arguments.of(request("create", "", "nodes", "", "", "", "")),
                Arguments.of(request("patch", "", "nodes", "status", "", "a", "")),
                Arguments.of(request("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "a", "")),
                Arguments.of(request("create", "coordination.k8s.io", "leases", "", "kube-node-lease", "", "")),
                Arguments.of(request("watch", "", "pods", "", "", "", "spec.nodeName=a")),
                Arguments.of(request("patch", "", "pods", "status", "ns", "web", "")),
                Arguments.of(request("create", "", "pods", "eviction", "ns", "web", "")),
                // Not subdivided: the system:node role's rules.
                Arguments.of(request("list", "", "services", "", "", "", "")),
                Arguments.of(request("create", "", "events", "", "ns", "", "")));
    }

    @ParameterizedTest
    @MethodSource("ownObjects")
    void aNodeReachesItsOwnNodeLeaseAndPodsAndWhatTheSystemNodeRoleAllows(RequestAttributes request) {
        assertThat(authorizer.authorize(request.withUser(NODE_A))).isEqualTo(Decision.allow(""));
    }

    @Test
    void onlyUsersNamedAsNodesInTheNodesGroupAreNodes() {
        RequestAttributes secret = get("secrets", "ns", "pull");

        assertThat(authorizer.authorize(secret.withUser(UserInfo.of("system:node:a", List.of()))))
                .isEqualTo(Decision.noOpinion(""));
        assertThat(authorizer.authorize(secret.withUser(UserInfo.of("a", List.of(NodeIdentity.GROUP)))))
                .isEqualTo(Decision.noOpinion(""));
        assertThat(authorizer.authorize(secret.withUser(UserInfo.of("system:node:", List.of(NodeIdentity.GROUP)))))
                .isEqualTo(Decision.noOpinion("unknown node for user \"system:node:\""));
    }

    @Test
    void aUnionAllowsWhenEitherAllowsAndOtherwiseJoinsTheReasons() {
        Authorizer rbac = r -> r.resource().equals("configmaps") ? Decision.allow("RBAC: allowed")
                : Decision.noOpinion("RBAC: no binding");
        UnionAuthorizer union = new UnionAuthorizer(List.of(authorizer, rbac));

        assertThat(union.authorize(get("secrets", "ns", "pull").withUser(NODE_A))).isEqualTo(Decision.allow(""));
        assertThat(union.authorize(get("configmaps", "ns", "other").withUser(NODE_A)))
                .isEqualTo(Decision.allow("RBAC: allowed"));
        assertThat(union.authorize(get("secrets", "ns", "other").withUser(NODE_A))).isEqualTo(Decision.noOpinion(
                "no relationship found between node 'a' and this object\nRBAC: no binding"));
    }

    private static RequestAttributes get(String resource, String namespace, String name) {
        return request("get", "", resource, "", namespace, name, "");
    }

    private static RequestAttributes request(String verb, String group, String resource, String subresource,
            String namespace, String name, String fieldSelector) {
        return new RequestAttributes(UserInfo.of("nobody", List.of()), verb, true, "", group, "v1", resource,
                subresource, namespace, name, fieldSelector);
    }

    private static ObjectNode yaml(String text) {
        return (ObjectNode) Json.parseYaml(text.getBytes(StandardCharsets.UTF_8));
    }
}
