package skiff.api.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorMatchTest {

    record Case(String name, String selector, Map<String, String> labels, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("everything matches any labels", "", Map.of("x", "y"), true),
                new Case("everything matches no labels", "", Map.of(), true),
                new Case("an equality matches the same value", "x=y", Map.of("x", "y"), true),
                new Case("an equality does not match another value", "x=y", Map.of("x", "z"), false),
                new Case("an equality does not match an absent key", "x=y", Map.of(), false),
                new Case("all requirements must hold", "x=y,z=w", Map.of("x", "y", "z", "a"), false),
                new Case("not-equals matches another value", "x!=y", Map.of("x", "z"), true),
                new Case("not-equals does not match the same value", "x!=y", Map.of("x", "y"), false),
                new Case("not-equals matches an absent key", "x!=y", Map.of(), true),
                new Case("in matches a listed value", "x in (a,b)", Map.of("x", "b"), true),
                new Case("in does not match an absent key", "x in (a,b)", Map.of(), false),
                new Case("notin does not match a listed value", "x notin (a,b)", Map.of("x", "a"), false),
                new Case("notin matches an unlisted value", "x notin (a,b)", Map.of("x", "c"), true),
                new Case("notin matches an absent key", "x notin (a,b)", Map.of(), true),
                new Case("an empty set matches the empty value", "x in ()", Map.of("x", ""), true),
                new Case("an empty set does not match another value", "x in ()", Map.of("x", "a"), false),
                new Case("an empty equality matches the empty value", "x=", Map.of("x", ""), true),
                new Case("exists matches an empty value", "x", Map.of("x", ""), true),
                new Case("exists does not match an absent key", "x", Map.of("y", "z"), false),
                new Case("does-not-exist matches an absent key", "!x", Map.of("y", "z"), true),
                new Case("does-not-exist does not match a present key", "!x", Map.of("x", "z"), false),
                new Case("greater than compares integers", "x>1", Map.of("x", "2"), true),
                new Case("greater than is strict", "x>1", Map.of("x", "1"), false),
                new Case("greater than compares numbers, not text", "x>9", Map.of("x", "10"), true),
                new Case("greater than does not match a non-integer", "x>1", Map.of("x", "abc"), false),
                new Case("greater than does not match an absent key", "x>1", Map.of(), false),
                new Case("less than matches a negative label value", "x<1", Map.of("x", "-5"), true),
                new Case("less than does not match a larger value", "x<1", Map.of("x", "2"), false),
                new Case("in and notin match as ordinary words", "notin=in", Map.of("notin", "in"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesLabelsAsKubernetesDoes(Case c) {
        assertThat(LabelSelector.parse(c.selector()).matches(c.labels())).isEqualTo(c.matches());
    }

    @Test
    void nullLabelsCountAsNoLabels() {
        assertThat(LabelSelector.parse("x!=y").matches(null)).isTrue();
        assertThat(LabelSelector.parse("x").matches(null)).isFalse();
        assertThat(LabelSelector.everything().matches(null)).isTrue();
    }

    @Test
    void aKeyWithANullValueIsPresentAndEmpty() {
        Map<String, String> labels = new HashMap<>();
        labels.put("x", null);
        assertThat(LabelSelector.parse("x=").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("!x").matches(labels)).isFalse();
    }

    @Test
    void nothingMatchesNoLabelsAtAll() {
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
        assertThat(LabelSelector.nothing().matches(Map.of("x", "y"))).isFalse();
        assertThat(LabelSelector.nothing().isEverything()).isFalse();
        assertThat(LabelSelector.nothing().isNothing()).isTrue();
    }

    @Test
    void exactValueIsGivenOnlyForASingleRequiredValue() {
        LabelSelector selector = LabelSelector.parse("a=1,b==2,c in (3),d in (4,5),e!=6,f");

        assertThat(selector.exactValue("a")).contains("1");
        assertThat(selector.exactValue("b")).contains("2");
        assertThat(selector.exactValue("c")).contains("3");
        assertThat(selector.exactValue("d")).isEmpty();
        assertThat(selector.exactValue("e")).isEmpty();
        assertThat(selector.exactValue("f")).isEmpty();
        assertThat(selector.exactValue("g")).isEqualTo(Optional.empty());
    }
}
