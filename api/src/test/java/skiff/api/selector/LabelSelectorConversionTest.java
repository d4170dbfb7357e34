package skiff.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.api.validation.KubernetesMessages.KEY_NAME_PART;
import static skiff.api.validation.KubernetesMessages.LABEL_VALUE;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorConversionTest {

    private static io.fabric8.kubernetes.api.model.LabelSelector selector(
            Map<String, String> matchLabels, LabelSelectorRequirement... expressions) {
        return new LabelSelectorBuilder().withMatchLabels(matchLabels).withMatchExpressions(expressions).build();
    }

    private static LabelSelectorRequirement expression(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, List.of(values));
    }

    @Test
    void matchLabelsAndExpressionsBecomeOneSortedSelector() {
        LabelSelector selector = LabelSelector.fromFabric8(selector(Map.of("app", "web"),
                expression("tier", "In", "front", "back"),
                expression("canary", "DoesNotExist"),
                expression("zone", "NotIn", "b"),
                expression("env", "Exists")));

        assertThat(selector).hasToString("app=web,!canary,env,tier in (back,front),zone notin (b)");
        assertThat(selector.matches(Map.of("app", "web", "tier", "back", "env", "prod"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "tier", "back", "env", "prod", "zone", "b"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "tier", "back", "env", "prod", "canary", "1"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "tier", "back"))).isFalse();
    }

    @Test
    void aNullSelectorSelectsNothing() {
        LabelSelector selector = LabelSelector.fromFabric8(null);

        assertThat(selector).isSameAs(LabelSelector.nothing());
        assertThat(selector.matches(Map.of())).isFalse();
    }

    @Test
    void anEmptySelectorSelectsEverything() {
        LabelSelector selector = LabelSelector.fromFabric8(new io.fabric8.kubernetes.api.model.LabelSelector());

        assertThat(selector.isEverything()).isTrue();
        assertThat(selector.matches(Map.of("any", "thing"))).isTrue();
    }

    @Test
    void expressionValuesKeepDuplicatesAndPrintSorted() {
        LabelSelector selector = LabelSelector.fromFabric8(selector(Map.of(), expression("x", "NotIn", "b", "a", "b")));

        assertThat(selector).hasToString("x notin (a,b,b)");
    }

    record Rejected(String name, io.fabric8.kubernetes.api.model.LabelSelector selector, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Rejected> invalidSelectors() {
        return Stream.of(
                new Rejected("an unknown operator is rejected with its quoted name",
                        selector(Map.of(), expression("x", "Equals", "a")),
                        "\"Equals\" is not a valid label selector operator"),
                new Rejected("operators are case-sensitive", selector(Map.of(), expression("x", "in", "a")),
                        "\"in\" is not a valid label selector operator"),
                new Rejected("In needs values", selector(Map.of(), expression("x", "In")),
                        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
                new Rejected("NotIn needs values", selector(Map.of(), expression("x", "NotIn")),
                        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
                new Rejected("Exists takes no values", selector(Map.of(), expression("x", "Exists", "a")),
                        "values: Invalid value: [\"a\"]: values set must be empty for exists and does not exist"),
                new Rejected("a bad matchLabels key is rejected", selector(Map.of("bad key", "v")),
                        "key: Invalid value: \"bad key\": " + KEY_NAME_PART),
                new Rejected("a bad matchLabels value is rejected", selector(Map.of("app", "we b")),
                        "values[0][app]: Invalid value: \"we b\": " + LABEL_VALUE),
                new Rejected("a bad key and missing values are listed together", selector(Map.of(), expression("-x", "In")),
                        "[key: Invalid value: \"-x\": " + KEY_NAME_PART
                                + ", values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSelectors")
    void rejectsInvalidApiSelectorsWithKubernetesMessage(Rejected c) {
        assertThatThrownBy(() -> LabelSelector.fromFabric8(c.selector()))
                .isInstanceOf(SelectorParseException.class)
                .hasMessage(c.message());
    }

    @Test
    void aMapBecomesSortedEqualities() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("b", "2");
        labels.put("a", "1");

        LabelSelector selector = LabelSelector.fromMap(labels);

        assertThat(selector).hasToString("a=1,b=2");
        assertThat(selector.matches(Map.of("a", "1", "b", "2", "c", "3"))).isTrue();
        assertThat(selector.matches(Map.of("a", "1"))).isFalse();
    }

    @Test
    void aNullOrEmptyMapSelectsEverything() {
        assertThat(LabelSelector.fromMap(null).isEverything()).isTrue();
        assertThat(LabelSelector.fromMap(Map.of()).isEverything()).isTrue();
    }

    @Test
    void aRequirementBuiltWithOfIsCheckedLikeKubernetesNewRequirement() {
        assertThat(LabelRequirement.of("x", LabelOperator.GREATER_THAN, List.of("5"))).hasToString("x>5");
        assertThatThrownBy(() -> LabelRequirement.of("x", LabelOperator.EQUALS, List.of("a", "b")))
                .hasMessage("values: Invalid value: [\"a\",\"b\"]: exact-match compatibility requires one single value");
        assertThatThrownBy(() -> LabelRequirement.of("x", LabelOperator.LESS_THAN, List.of()))
                .hasMessage("values: Invalid value: null: for 'Gt', 'Lt' operators, exactly one value is required");
    }
}
