package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.apiserver.auth.UserInfo;

/** Whether one rule allows one request, case by case (the shape of k/k rbac_test.go TestRuleMatches, 1.32). */
class PolicyRuleTest {
    private static final UserInfo JANE = UserInfo.of("jane", List.of(UserInfo.ALL_AUTHENTICATED));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("exact verb, group and resource",
                        rule("get", "", "pods"), resource("get", "", "pods", "", "p"), true),
                Arguments.of("another verb",
                        rule("get", "", "pods"), resource("list", "", "pods", "", ""), false),
                Arguments.of("another group",
                        rule("get", "", "deployments"), resource("get", "apps", "deployments", "", "d"), false),
                Arguments.of("every verb, group and resource",
                        rule("*", "*", "*"), resource("delete", "apps", "deployments", "scale", "d"), true),
                Arguments.of("a resource does not grant its subresources",
                        rule("create", "", "pods"), resource("create", "", "pods", "exec", "p"), false),
                Arguments.of("resource/subresource",
                        rule("create", "", "pods/exec"), resource("create", "", "pods", "exec", "p"), true),
                Arguments.of("*/subresource matches that subresource of any resource",
                        rule("get", "*", "*/status"), resource("get", "apps", "deployments", "status", "d"), true),
                Arguments.of("*/subresource does not match the resource itself",
                        rule("get", "*", "*/status"), resource("get", "apps", "deployments", "", "d"), false),
                Arguments.of("resourceNames restrict to the names",
                        named("get", "", "configmaps", "one"), resource("get", "", "configmaps", "", "two"), false),
                Arguments.of("resourceNames allow the name",
                        named("get", "", "configmaps", "one"), resource("get", "", "configmaps", "", "one"), true),
                Arguments.of("resourceNames never allow a list without a name",
                        named("list", "", "configmaps", "one"), resource("list", "", "configmaps", "", ""), false),
                Arguments.of("a resource rule does not match a path",
                        rule("get", "*", "*"), path("get", "/healthz"), false),
                Arguments.of("exact URL", url("get", "/healthz"), path("get", "/healthz"), true),
                Arguments.of("exact URL is not a prefix", url("get", "/healthz"), path("get", "/healthz/ping"), false),
                Arguments.of("URL prefix with a star", url("get", "/healthz/*"), path("get", "/healthz/ping"), true),
                Arguments.of("URL star", url("*", "*"), path("post", "/anything"), true),
                Arguments.of("URL verb", url("get", "/version"), path("post", "/version"), false),
                Arguments.of("a URL rule does not match resources",
                        url("*", "*"), resource("get", "", "pods", "", ""), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allows(String name, PolicyRule rule, RequestAttributes request, boolean allowed) {
        assertThat(rule.allows(request)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compactCases")
    void compactStringIsGoFormatted(String name, PolicyRule rule, String text) {
        assertThat(rule.compactString()).isEqualTo(text);
    }

    static Stream<Arguments> compactCases() {
        return Stream.of(
                Arguments.of("resource rule", rule("get", "", "pods"),
                        "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}"),
                Arguments.of("with names", PolicyRule.resource(List.of("get", "list"), List.of("apps"),
                        List.of("deployments"), List.of("a", "b")),
                        "{APIGroups:[\"apps\"], Resources:[\"deployments\"], ResourceNames:[\"a\" \"b\"], "
                                + "Verbs:[\"get\" \"list\"]}"),
                Arguments.of("URL rule", url("get", "/healthz"), "{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}"));
    }

    static PolicyRule rule(String verb, String group, String resource) {
        return PolicyRule.resource(List.of(verb), List.of(group), List.of(resource), List.of());
    }

    static PolicyRule named(String verb, String group, String resource, String name) {
        return PolicyRule.resource(List.of(verb), List.of(group), List.of(resource), List.of(name));
    }

    static PolicyRule url(String verb, String url) {
        return PolicyRule.nonResource(List.of(verb), List.of(url));
    }

    static RequestAttributes resource(String verb, String group, String resource, String sub, String name) {
        return RequestAttributes.resource(JANE, verb, group, resource, sub, "default", name);
    }

    static RequestAttributes path(String verb, String path) {
        return RequestAttributes.nonResource(JANE, verb, path);
    }
}
