package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class LabelSelectorsTest {

    record Case(String name, String selector, String formatted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> selectors() {
        return Stream.of(
                new Case("absent selector selects nothing and prints <none>", "null", "<none>"),
                new Case("empty selector selects everything and prints <none>", "{}", "<none>"),
                new Case("match labels are ordered by key", """
                        {"matchLabels": {"tier": "web", "app": "shop"}}""", "app=shop,tier=web"),
                new Case("expressions interleave with labels by key and In values are sorted", """
                        {"matchLabels": {"app": "shop"},
                         "matchExpressions": [{"key": "tier", "operator": "In", "values": ["web", "api"]},
                                              {"key": "env", "operator": "NotIn", "values": ["dev"]},
                                              {"key": "canary", "operator": "DoesNotExist"},
                                              {"key": "zone", "operator": "Exists"}]}""",
                        "app=shop,!canary,env notin (dev),tier in (api,web),zone"),
                new Case("unknown operator is an error", """
                        {"matchExpressions": [{"key": "tier", "operator": "Gt", "values": ["1"]}]}""", "<error>"),
                new Case("In without values is an error", """
                        {"matchExpressions": [{"key": "tier", "operator": "In", "values": []}]}""", "<error>"),
                new Case("Exists with values is an error", """
                        {"matchExpressions": [{"key": "tier", "operator": "Exists", "values": ["x"]}]}""", "<error>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectors")
    void formatsLabelSelectorsLikeKubernetes(Case c) {
        JsonNode holder = TestJson.parse("{\"selector\": " + c.selector() + "}");

        assertThat(LabelSelectors.formatLabelSelector(holder.path("selector"))).isEqualTo(c.formatted());
    }

    @Test
    void labelMapsSortAsWholeKeyValueStrings() {
        JsonNode labels = TestJson.parse("""
                {"a": "2", "a.b": "1", "B": "3"}""");

        assertThat(LabelSelectors.formatLabels(labels)).isEqualTo("B=3,a.b=1,a=2");
    }

    @Test
    void emptyOrAbsentLabelMapPrintsNone() {
        assertThat(LabelSelectors.formatLabels(TestJson.parse("{}"))).isEqualTo("<none>");
        assertThat(LabelSelectors.formatLabels(TestJson.parse("{}").path("missing"))).isEqualTo("<none>");
    }

    @Test
    void selectorStringIsEmptyForInvalidSelectorsAndBlankForAbsentOnes() {
        JsonNode invalid = TestJson.parse("""
                {"matchExpressions": [{"key": "tier", "operator": "Bogus"}]}""");

        assertThat(LabelSelectors.selectorString(invalid)).isEmpty();
        assertThat(LabelSelectors.selectorString(TestJson.parse("{}").path("missing"))).contains("");
    }
}
