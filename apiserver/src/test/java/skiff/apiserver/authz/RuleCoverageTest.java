package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.authz.PolicyRuleTest.named;
import static skiff.apiserver.authz.PolicyRuleTest.rule;
import static skiff.apiserver.authz.PolicyRuleTest.url;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which requested rules the held ones do not cover, case by case (the shape of k/k
 * pkg/registry/rbac/validation/policy_comparator_test.go, 1.32).
 */
class RuleCoverageTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the same rule", List.of(rule("get", "", "pods")), List.of(rule("get", "", "pods")),
                        List.of()),
                Arguments.of("stars cover everything", List.of(rule("*", "*", "*")),
                        List.of(named("delete", "apps", "deployments", "d")), List.of()),
                Arguments.of("a missing verb", List.of(rule("get", "", "pods")),
                        List.of(PolicyRule.resource(List.of("get", "create"), List.of(""), List.of("pods"), List.of())),
                        List.of(rule("create", "", "pods"))),
                Arguments.of("*/subresource covers that subresource",
                        List.of(rule("get", "", "*/status")), List.of(rule("get", "", "pods/status")), List.of()),
                Arguments.of("a resource does not cover its subresource",
                        List.of(rule("get", "", "pods")), List.of(rule("get", "", "pods/log")),
                        List.of(rule("get", "", "pods/log"))),
                Arguments.of("a named rule does not cover every name",
                        List.of(named("get", "", "secrets", "a")), List.of(rule("get", "", "secrets")),
                        List.of(rule("get", "", "secrets"))),
                Arguments.of("an unnamed rule covers a name",
                        List.of(rule("get", "", "secrets")), List.of(named("get", "", "secrets", "a")), List.of()),
                Arguments.of("URL prefixes cover longer URLs",
                        List.of(url("get", "/healthz*")), List.of(url("get", "/healthz/ping")), List.of()),
                Arguments.of("missing pieces of one resource are compacted",
                        List.of(),
                        List.of(PolicyRule.resource(List.of("get", "list"), List.of("", "apps"), List.of("pods"),
                                List.of())),
                        List.of(PolicyRule.resource(List.of("get", "list"), List.of(""), List.of("pods"), List.of()),
                                PolicyRule.resource(List.of("get", "list"), List.of("apps"), List.of("pods"),
                                        List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void missing(String name, List<PolicyRule> owned, List<PolicyRule> requested, List<PolicyRule> missing) {
        assertThat(RuleCoverage.missing(owned, requested)).isEqualTo(missing);
    }
}
