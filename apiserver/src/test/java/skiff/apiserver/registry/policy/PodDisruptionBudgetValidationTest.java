package skiff.apiserver.registry.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

/** k/k pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec (1.32), message by message. */
class PodDisruptionBudgetValidationTest {

    record Case(String name, String spec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case pdb(String name, String spec, String... errors) {
        return new Case(name, spec, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                pdb("an integer minAvailable", "{'minAvailable':2,'selector':{'matchLabels':{'app':'web'}}}"),
                pdb("a percentage maxUnavailable", "{'maxUnavailable':'25%','selector':{}}"),
                pdb("both bounds", "{'minAvailable':1,'maxUnavailable':1,'selector':{'matchLabels':{'app':'web'}}}",
                        "spec: Invalid value: {\"MinAvailable\":1,\"Selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                                + "\"MaxUnavailable\":1,\"UnhealthyPodEvictionPolicy\":null}: minAvailable and "
                                + "maxUnavailable cannot be both set"),
                pdb("a negative minAvailable", "{'minAvailable':-1}",
                        "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"),
                pdb("a percentage over 100", "{'maxUnavailable':'120%'}",
                        "spec.maxUnavailable: Invalid value: \"120%\": must not be greater than 100%"),
                pdb("a string that is no percentage", "{'minAvailable':'half'}",
                        "spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string "
                                + "followed by an ending '%' (e.g. '1%', or '93%', regex used for validation is "
                                + "'[0-9]+%')"),
                pdb("an unknown unhealthy pod eviction policy", "{'minAvailable':1,'unhealthyPodEvictionPolicy':'Never'}",
                        "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"AlwaysAllow\", \"IfHealthyBudget\""),
                pdb("a bad selector operator", "{'selector':{'matchExpressions':[{'key':'a','operator':'Is'}]}}",
                        "spec.selector.matchExpressions[0].operator: Invalid value: \"Is\": not a valid selector "
                                + "operator"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesBudgetsAsKubernetesDoes(Case c) {
        ObjectNode spec = (ObjectNode) Json.parse(c.spec().replace('\'', '"').getBytes(StandardCharsets.UTF_8));

        List<String> errors = PodDisruptionBudgetStrategy.validateSpec(spec).stream()
                .map(FieldError::fullMessage).toList();

        assertThat(errors).containsExactlyElementsOf(c.errors());
    }
}
