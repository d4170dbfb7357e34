package skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.RequestAttributes;
import skiff.apiserver.authz.RequestInfo;

class AuditPolicyTest {
    private static final UserInfo ALICE = UserInfo.of("alice", List.of("devs", "system:authenticated"));
    private static final UserInfo NODE = UserInfo.of("system:node:n1", List.of("system:nodes"));

    private static AuditPolicy policy(String yaml) {
        return AuditPolicy.parse(Json.parseYaml(yaml.getBytes()), "test");
    }

    private static RequestAttributes request(UserInfo user, String method, String path) {
        return RequestInfo.of(user, method, path, Map.<String, String>of()::get);
    }

    private static final AuditPolicy POLICY = policy("""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: [RequestReceived]
            rules:
            - level: None
              userGroups: [system:nodes]
            - level: None
              nonResourceURLs: [/healthz*, /version]
            - level: RequestResponse
              resources: [{group: "", resources: [secrets], resourceNames: [token]}]
            - level: Request
              verbs: [create, update]
              resources: [{group: apps, resources: ["deployments/*"]}]
              omitStages: [ResponseStarted]
              omitManagedFields: true
            - level: Metadata
              namespaces: ["", kube-system]
            """);

    @Test
    void theFirstMatchingRuleDecidesAndNoneMatchingIsNone() {
        assertThat(POLICY.decide(NODE, request(NODE, "GET", "/api/v1/namespaces/kube-system/pods")).level())
                .isEqualTo(AuditLevel.None);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/healthz/etcd")).level()).isEqualTo(AuditLevel.None);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/api/v1/namespaces/a/secrets/token")).level())
                .isEqualTo(AuditLevel.RequestResponse);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/api/v1/namespaces/a/secrets/other")).level())
                .isEqualTo(AuditLevel.None);
        assertThat(POLICY.decide(ALICE, request(ALICE, "PUT", "/apis/apps/v1/namespaces/a/deployments/web/scale"))
                .level()).isEqualTo(AuditLevel.Request);
        // checker.go: "resource/*" matches the resource itself too.
        assertThat(POLICY.decide(ALICE, request(ALICE, "PUT", "/apis/apps/v1/namespaces/a/deployments/web"))
                .level()).isEqualTo(AuditLevel.Request);
        assertThat(POLICY.decide(ALICE, request(ALICE, "PUT", "/apis/apps/v1/namespaces/a/replicasets/web"))
                .level()).isEqualTo(AuditLevel.None);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/apis/apps/v1/namespaces/a/deployments/web/scale"))
                .level()).isEqualTo(AuditLevel.None);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/api/v1/nodes")).level())
                .isEqualTo(AuditLevel.Metadata);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/api/v1/namespaces/kube-system/pods")).level())
                .isEqualTo(AuditLevel.Metadata);
        assertThat(POLICY.decide(ALICE, request(ALICE, "GET", "/metrics")).level()).isEqualTo(AuditLevel.None);
    }

    @Test
    void omittedStagesAddUpAndARuleMayDropManagedFields() {
        AuditPolicy.Decision scale = POLICY.decide(ALICE,
                request(ALICE, "PUT", "/apis/apps/v1/namespaces/a/deployments/web/status"));
        AuditPolicy.Decision nodes = POLICY.decide(ALICE, request(ALICE, "GET", "/api/v1/nodes"));

        assertThat(scale.omitStages()).isEqualTo(Set.of(AuditStage.RequestReceived, AuditStage.ResponseStarted));
        assertThat(scale.omitManagedFields()).isTrue();
        assertThat(nodes.omitStages()).isEqualTo(Set.of(AuditStage.RequestReceived));
        assertThat(nodes.omitManagedFields()).isFalse();
    }

    @Test
    void aPolicyOfAnotherKindOrWithoutRulesOrWithAnUnknownLevelIsRefused() {
        assertThatThrownBy(() -> policy("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: None}]"))
                .hasMessageContaining("must be kind Policy of apiVersion audit.k8s.io/v1");
        assertThatThrownBy(() -> policy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []"))
                .hasMessageContaining("has no rules");
        assertThatThrownBy(() -> policy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Everything}]"))
                .hasMessageContaining("unknown level \"Everything\"");
    }
}
