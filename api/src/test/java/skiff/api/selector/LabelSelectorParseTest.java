package skiff.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.api.validation.KubernetesMessages.KEY_NAME_PART;
import static skiff.api.validation.KubernetesMessages.LABEL_VALUE;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorParseTest {

    record Parsed(String name, String selector, String canonical) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Parsed> validSelectors() {
        return Stream.of(
                new Parsed("the empty string selects everything", "", ""),
                new Parsed("only whitespace selects everything", " \t\r\n", ""),
                new Parsed("equalities print as written", "x=a,y=b,z=c", "x=a,y=b,z=c"),
                new Parsed("double equals keeps its spelling", "x==a", "x==a"),
                new Parsed("not-equals prints as written", "x!=a,y=b", "x!=a,y=b"),
                new Parsed("requirements sort by key", "z=1,a=2,m", "a=2,m,z=1"),
                new Parsed("a missing value is the empty value", "x=", "x="),
                new Parsed("whitespace around operators and values is dropped", " x = a , y != b ", "x=a,y!=b"),
                new Parsed("tabs and newlines are whitespace too", "x\t=\ta,\ny", "x=a,y"),
                new Parsed("a trailing space after the operator still gives the empty value", "x=,z= ", "x=,z="),
                new Parsed("a bare key requires the key to exist", "x", "x"),
                new Parsed("a bang requires the key to be absent", "y,!x", "!x,y"),
                new Parsed("greater and less than print without spaces", "x>1,z<5", "x>1,z<5"),
                new Parsed("set values print sorted", "x in ( b , a )", "x in (a,b)"),
                new Parsed("set values are deduplicated", "x in (a,a,b)", "x in (a,b)"),
                new Parsed("notin prints with its keyword", "x notin (b,a)", "x notin (a,b)"),
                new Parsed("an empty set is the one empty value, not an error", "x in ()", "x in ()"),
                new Parsed("a leading comma in a set adds the empty value", "x in (,a)", "x in (,a)"),
                new Parsed("a doubled comma in a set adds the empty value", "x in (b,,a)", "x in (,a,b)"),
                new Parsed("in and notin are plain words as keys and values", "in=notin,x in (in,notin)",
                        "in=notin,x in (in,notin)"),
                new Parsed("a prefixed key is accepted", "app.kubernetes.io/name=web", "app.kubernetes.io/name=web"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSelectors")
    void parsesIntoKubernetesCanonicalForm(Parsed c) {
        assertThat(LabelSelector.parse(c.selector()).toString()).isEqualTo(c.canonical());
    }

    record Rejected(String name, String selector, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Rejected> invalidSelectors() {
        return Stream.of(
                new Rejected("a value with pipes is not a label value", "x=a||y=b",
                        "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + LABEL_VALUE),
                new Rejected("two operators in a row end the requirement early", "x==a==b",
                        "found '==', expected: ',' or 'end of string'"),
                new Rejected("a bang takes no value", "!x=a", "found '=', expected: ',' or 'end of string'"),
                new Rejected("less than needs an integer", "x<a",
                        "unable to parse requirement: values[0]: Invalid value: \"a\": "
                                + "for 'Gt', 'Lt' operators, the value must be an integer"),
                new Rejected("greater than with no value needs an integer", "x>",
                        "unable to parse requirement: values[0]: Invalid value: \"\": "
                                + "for 'Gt', 'Lt' operators, the value must be an integer"),
                new Rejected("several problems are listed in brackets", "x>a-",
                        "unable to parse requirement: [values[0]: Invalid value: \"a-\": for 'Gt', 'Lt' operators, "
                                + "the value must be an integer, values[0][x]: Invalid value: \"a-\": " + LABEL_VALUE + "]"),
                new Rejected("an invalid key is reported with a nil path", "k@=v",
                        "unable to parse requirement: <nil>: Invalid value: \"k@\": " + KEY_NAME_PART),
                new Rejected("a value over 63 bytes is too long", "x=" + "a".repeat(64),
                        "unable to parse requirement: values[0][x]: Invalid value: \"" + "a".repeat(64)
                                + "\": must be no more than 63 bytes"),
                new Rejected("in needs a parenthesis", "x in a", "unable to parse requirement: found 'a' expected: '('"),
                new Rejected("in at the end needs a parenthesis", "x in", "unable to parse requirement: found '' expected: '('"),
                new Rejected("an unclosed set is an error", "x in (a",
                        "unable to parse requirement: found '', expected: ',' or ')'"),
                new Rejected("set values need commas", "x in (a b)",
                        "unable to parse requirement: found 'b', expected: ',' or ')'"),
                new Rejected("an operator inside a set is an error", "x in (=",
                        "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
                new Rejected("a key followed by a word needs an operator", "x y",
                        "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"),
                new Rejected("a parenthesis is no value", "x=(",
                        "unable to parse requirement: found '(', expected: identifier"),
                new Rejected("a lone bang needs a key", "!", "unable to parse requirement: found '', expected: identifier"),
                new Rejected("a trailing comma needs another requirement", "x=a,",
                        "found '', expected: identifier after ','"),
                new Rejected("a leading comma is an error", ",x",
                        "found ',', expected: !, identifier, or 'end of string'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSelectors")
    void rejectsWithKubernetesMessage(Rejected c) {
        assertThatThrownBy(() -> LabelSelector.parse(c.selector()))
                .isInstanceOf(SelectorParseException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(c.message());
    }

    @Test
    void parsingIsDeterministicWhateverTheOrder() {
        assertThat(LabelSelector.parse("x=a,a=x")).isEqualTo(LabelSelector.parse("a=x,x=a"));
    }

    @Test
    void parsedRequirementsExposeKeyOperatorAndSortedValues() {
        assertThat(LabelSelector.parse("tier notin (web,api),app").requirements()).containsExactly(
                new LabelRequirement("app", LabelOperator.EXISTS, java.util.List.of()),
                new LabelRequirement("tier", LabelOperator.NOT_IN, java.util.List.of("api", "web")));
    }

    @Test
    void theEmptySelectorIsEverything() {
        assertThat(LabelSelector.parse("").isEverything()).isTrue();
        assertThat(LabelSelector.parse("x").isEverything()).isFalse();
    }
}
