package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.apiserver.auth.UserInfo;

/** Request attributes from method, path and query (the shape of k/k requestinfo_test.go TestGetAPIRequestInfo). */
class RequestInfoTest {
    private static final UserInfo JANE = UserInfo.of("jane", List.of());

    /** What a case checks: verb, group, resource, subresource, namespace, name, or the path of a non-resource one. */
    record Info(String verb, String group, String resource, String subresource, String namespace, String name) {
        static Info of(RequestAttributes a) {
            return a.resourceRequest()
                    ? new Info(a.verb(), a.apiGroup(), a.resource(), a.subresource(), a.namespace(), a.name())
                    : new Info(a.verb(), "", "path:" + a.path(), "", "", "");
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/namespaces/ns/pods", Map.of(),
                        new Info("list", "", "pods", "", "ns", "")),
                Arguments.of("GET", "/api/v1/namespaces/ns/pods", Map.of("watch", "true"),
                        new Info("watch", "", "pods", "", "ns", "")),
                Arguments.of("GET", "/api/v1/namespaces/ns/pods", Map.of("watch", "1"),
                        new Info("watch", "", "pods", "", "ns", "")),
                Arguments.of("GET", "/api/v1/pods", Map.of(), new Info("list", "", "pods", "", "", "")),
                Arguments.of("GET", "/api/v1/namespaces/ns/pods/p", Map.of(), new Info("get", "", "pods", "", "ns", "p")),
                Arguments.of("GET", "/api/v1/namespaces/ns/pods", Map.of("fieldSelector", "metadata.name=p"),
                        new Info("list", "", "pods", "", "ns", "p")),
                Arguments.of("POST", "/api/v1/namespaces/ns/pods", Map.of(), new Info("create", "", "pods", "", "ns", "")),
                Arguments.of("PUT", "/apis/apps/v1/namespaces/ns/deployments/d/scale", Map.of(),
                        new Info("update", "apps", "deployments", "scale", "ns", "d")),
                Arguments.of("PATCH", "/apis/apps/v1/namespaces/ns/deployments/d", Map.of(),
                        new Info("patch", "apps", "deployments", "", "ns", "d")),
                Arguments.of("DELETE", "/api/v1/namespaces/ns/pods/p", Map.of(), new Info("delete", "", "pods", "", "ns", "p")),
                Arguments.of("DELETE", "/api/v1/namespaces/ns/pods", Map.of(),
                        new Info("deletecollection", "", "pods", "", "ns", "")),
                Arguments.of("POST", "/api/v1/namespaces/ns/pods/p/exec", Map.of(),
                        new Info("create", "", "pods", "exec", "ns", "p")),
                Arguments.of("GET", "/api/v1/namespaces/ns/pods/p/log", Map.of(), new Info("get", "", "pods", "log", "ns", "p")),
                Arguments.of("GET", "/api/v1/namespaces/ns", Map.of(), new Info("get", "", "namespaces", "", "ns", "ns")),
                Arguments.of("PUT", "/api/v1/namespaces/ns/finalize", Map.of(),
                        new Info("update", "", "namespaces", "finalize", "ns", "ns")),
                Arguments.of("GET", "/api/v1/nodes/n1/proxy/stats", Map.of(), new Info("get", "", "nodes", "proxy", "", "n1")),
                Arguments.of("GET", "/api/v1/watch/namespaces/ns/pods", Map.of(),
                        new Info("watch", "", "pods", "", "ns", "")),
                Arguments.of("GET", "/api/v1/proxy/namespaces/ns/pods/p/x", Map.of(),
                        new Info("proxy", "", "pods", "", "ns", "p")),
                Arguments.of("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", Map.of(),
                        new Info("list", "rbac.authorization.k8s.io", "clusterroles", "", "", "")),
                Arguments.of("GET", "/api/v1", Map.of(), new Info("get", "", "path:/api/v1", "", "", "")),
                Arguments.of("GET", "/apis/apps/v1", Map.of(), new Info("get", "", "path:/apis/apps/v1", "", "", "")),
                Arguments.of("GET", "/healthz", Map.of(), new Info("get", "", "path:/healthz", "", "", "")),
                Arguments.of("POST", "/version", Map.of(), new Info("post", "", "path:/version", "", "", "")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void derivesTheAttributes(String method, String path, Map<String, String> query, Info expected) {
        assertThat(Info.of(RequestInfo.of(JANE, method, path, query::get))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void forbiddenMessagesAreKubernetes(String name, RequestAttributes attributes, String message) {
        assertThat(attributes.forbiddenMessage()).isEqualTo(message);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("namespaced", RequestAttributes.resource(JANE, "list", "", "pods", "", "y", ""),
                        "User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"y\""),
                Arguments.of("cluster scope", RequestAttributes.resource(JANE, "get", "", "nodes", "", "", "n"),
                        "User \"jane\" cannot get resource \"nodes\" in API group \"\" at the cluster scope"),
                Arguments.of("subresource", RequestAttributes.resource(JANE, "create", "", "pods", "exec", "y", "p"),
                        "User \"jane\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"y\""),
                Arguments.of("path", RequestAttributes.nonResource(JANE, "get", "/metrics"),
                        "User \"jane\" cannot get path \"/metrics\""));
    }
}
