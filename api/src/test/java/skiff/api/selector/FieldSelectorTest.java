package skiff.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.selector.FieldSelector.Operator;
import skiff.api.selector.FieldSelector.Requirement;

class FieldSelectorTest {

    record Parsed(String name, String selector, List<Requirement> requirements, String canonical) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Requirement eq(String field, String value) {
        return new Requirement(field, Operator.EQUALS, value);
    }

    static Requirement ne(String field, String value) {
        return new Requirement(field, Operator.NOT_EQUALS, value);
    }

    static Stream<Parsed> validSelectors() {
        return Stream.of(
                new Parsed("the empty string selects everything", "", List.of(), ""),
                new Parsed("one equality", "metadata.name=web", List.of(eq("metadata.name", "web")), "metadata.name=web"),
                new Parsed("double equals reads as equals", "metadata.name==web", List.of(eq("metadata.name", "web")),
                        "metadata.name=web"),
                new Parsed("not-equals", "status.phase!=Running", List.of(ne("status.phase", "Running")),
                        "status.phase!=Running"),
                new Parsed("terms are sorted as text", "b=1,a!=2", List.of(ne("a", "2"), eq("b", "1")), "a!=2,b=1"),
                new Parsed("empty terms are skipped", ",a=1,,b=2,", List.of(eq("a", "1"), eq("b", "2")), "a=1,b=2"),
                new Parsed("an empty value is allowed", "spec.nodeName=", List.of(eq("spec.nodeName", "")),
                        "spec.nodeName="),
                new Parsed("a term with neither field nor value is dropped", "=,a=1", List.of(eq("a", "1")), "a=1"),
                new Parsed("whitespace is part of field and value", " a = b ", List.of(eq(" a ", " b ")), " a = b "),
                new Parsed("an escaped comma stays in the value", "k=a\\,b,j=v", List.of(eq("j", "v"), eq("k", "a,b")),
                        "j=v,k=a\\,b"),
                new Parsed("terms sort by their raw text, so k2 comes before k=", "k=a,k2=b", List.of(eq("k2", "b"), eq("k", "a")),
                        "k2=b,k=a"),
                new Parsed("an escaped equals sign stays in the value", "k=a\\=b", List.of(eq("k", "a=b")), "k=a\\=b"),
                new Parsed("an escaped backslash stays in the value", "k=a\\\\", List.of(eq("k", "a\\")), "k=a\\\\"),
                new Parsed("a bang in a value needs no escape", "k=a!b", List.of(eq("k", "a!b")), "k=a!b"),
                new Parsed("the first operator splits the term", "a!=b\\=c", List.of(ne("a", "b=c")), "a!=b\\=c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSelectors")
    void parsesAsKubernetesDoes(Parsed c) {
        FieldSelector selector = FieldSelector.parse(c.selector());
        assertThat(selector.requirements()).containsExactlyElementsOf(c.requirements());
        assertThat(selector).hasToString(c.canonical());
        assertThat(FieldSelector.parse(selector.toString())).isEqualTo(selector);
    }

    record Rejected(String name, String selector, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Rejected> invalidSelectors() {
        return Stream.of(
                new Rejected("a term needs an operator", "a=1,metadata.name",
                        "invalid selector: 'a=1,metadata.name'; can't understand 'metadata.name'"),
                new Rejected("an unescaped equals sign in a value is rejected by its code point", "a=b=c",
                        "invalid field selector: unescaped character in value: 61"),
                new Rejected("an escaped bang is not an escape", "a=b\\!c",
                        "invalid field selector: invalid escape sequence: \\!"),
                new Rejected("an unknown escape is rejected", "a=\\x", "invalid field selector: invalid escape sequence: \\x"),
                new Rejected("a trailing backslash is rejected", "a=b\\", "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSelectors")
    void rejectsWithKubernetesMessage(Rejected c) {
        assertThatThrownBy(() -> FieldSelector.parse(c.selector()))
                .isInstanceOf(SelectorParseException.class)
                .hasMessage(c.message());
    }

    record Match(String name, String selector, Map<String, String> fields, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Match> matchCases() {
        return Stream.of(
                new Match("everything matches", "", Map.of(), true),
                new Match("an equality matches the same value", "metadata.name=web", Map.of("metadata.name", "web"), true),
                new Match("an equality does not match another value", "metadata.name=web", Map.of("metadata.name", "db"), false),
                new Match("a missing field reads as empty for equality", "spec.nodeName=", Map.of(), true),
                new Match("not-equals matches a missing field", "spec.nodeName!=node-1", Map.of(), true),
                new Match("not-equals does not match the same value", "status.phase!=Running",
                        Map.of("status.phase", "Running"), false),
                new Match("every term must hold", "metadata.name=web,status.phase!=Failed",
                        Map.of("metadata.name", "web", "status.phase", "Failed"), false),
                new Match("an escaped value matches its unescaped form", "metadata.name=a\\,b",
                        Map.of("metadata.name", "a,b"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matchCases")
    void matchesFieldValues(Match c) {
        assertThat(FieldSelector.parse(c.selector()).matches(c.fields()::get)).isEqualTo(c.matches());
    }

    @Test
    void exactValueComesOnlyFromEqualities() {
        FieldSelector selector = FieldSelector.parse("metadata.name==web,metadata.namespace!=kube-system");

        assertThat(selector.exactValue("metadata.name")).contains("web");
        assertThat(selector.exactValue("metadata.namespace")).isEmpty();
        assertThat(selector.exactValue("spec.nodeName")).isEmpty();
    }

    @Test
    void onlyTheEmptySelectorIsEverything() {
        assertThat(FieldSelector.parse("").isEverything()).isTrue();
        assertThat(FieldSelector.parse("=").isEverything()).isTrue();
        assertThat(FieldSelector.everything().isEverything()).isTrue();
        assertThat(FieldSelector.parse("a=b").isEverything()).isFalse();
    }

    @Test
    void valuesWithSpecialCharactersPrintEscaped() {
        Requirement requirement = eq("metadata.name", "a,b=c\\d");

        assertThat(requirement).hasToString("metadata.name=a\\,b\\=c\\\\d");
    }
}
