package skiff.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.api.validation.KubernetesMessages.DNS1035_LABEL;
import static skiff.api.validation.KubernetesMessages.DNS1123_LABEL;
import static skiff.api.validation.KubernetesMessages.KEY_NAME_PART;
import static skiff.api.validation.KubernetesMessages.LABEL_VALUE;
import static skiff.api.validation.KubernetesMessages.SUBDOMAIN;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NameValidationTest {

    record Case(String name, Function<String, List<String>> rule, String value, List<String> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a subdomain with dots is valid", NameValidation::isDns1123Subdomain, "example.com", List.of()),
                new Case("a subdomain rejects upper case and underscores", NameValidation::isDns1123Subdomain,
                        "Foo_bar", List.of(SUBDOMAIN)),
                new Case("a subdomain rejects the empty string", NameValidation::isDns1123Subdomain, "",
                        List.of(SUBDOMAIN)),
                new Case("a subdomain is at most 253 characters", NameValidation::isDns1123Subdomain,
                        "a".repeat(254), List.of("must be no more than 253 characters")),
                new Case("a subdomain of 253 characters is valid", NameValidation::isDns1123Subdomain,
                        "a".repeat(253), List.of()),
                new Case("a DNS-1123 label is valid", NameValidation::isDns1123Label, "123-abc", List.of()),
                new Case("a DNS-1123 label that is a valid subdomain only fails for its dots",
                        NameValidation::isDns1123Label, "a.b", List.of("must not contain dots")),
                new Case("a DNS-1123 label may not end in a dash", NameValidation::isDns1123Label, "abc-",
                        List.of(DNS1123_LABEL)),
                new Case("a DNS-1123 label is at most 63 characters", NameValidation::isDns1123Label,
                        "a".repeat(64), List.of("must be no more than 63 characters")),
                new Case("a DNS-1035 label must start with a letter", NameValidation::isDns1035Label, "1abc",
                        List.of(DNS1035_LABEL)),
                new Case("a DNS-1035 label is valid", NameValidation::isDns1035Label, "my-name", List.of()),
                new Case("a plain label key is valid", NameValidation::isQualifiedName, "app", List.of()),
                new Case("a prefixed label key is valid", NameValidation::isQualifiedName,
                        "app.kubernetes.io/name", List.of()),
                new Case("a label key name may use upper case, dots and underscores", NameValidation::isQualifiedName,
                        "My_Name.v1", List.of()),
                new Case("a label key prefix must be a lowercase subdomain", NameValidation::isQualifiedName,
                        "Example.com/app", List.of("prefix part " + SUBDOMAIN)),
                new Case("a label key prefix may not be empty", NameValidation::isQualifiedName, "/app",
                        List.of("prefix part must be non-empty")),
                new Case("a label key prefix counts its length in bytes", NameValidation::isQualifiedName,
                        "a".repeat(254) + "/app", List.of("prefix part must be no more than 253 bytes")),
                new Case("an empty label key name gets both the empty and the pattern message",
                        NameValidation::isQualifiedName, "example.com/",
                        List.of("name part must be non-empty", KEY_NAME_PART)),
                new Case("an empty label key gets both the empty and the pattern message",
                        NameValidation::isQualifiedName, "", List.of("name part must be non-empty", KEY_NAME_PART)),
                new Case("a label key name may not start with a dash", NameValidation::isQualifiedName, "-app",
                        List.of(KEY_NAME_PART)),
                new Case("a label key name is at most 63 bytes", NameValidation::isQualifiedName, "a".repeat(64),
                        List.of("name part must be no more than 63 bytes")),
                new Case("a label key with two slashes gets the single whole-key message",
                        NameValidation::isQualifiedName, "a/b/c",
                        List.of("a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must "
                                + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                                + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
                                + "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")),
                new Case("an empty label value is valid", NameValidation::isValidLabelValue, "", List.of()),
                new Case("a label value may mix case, dots and underscores", NameValidation::isValidLabelValue,
                        "My_value.1", List.of()),
                new Case("a label value must end alphanumeric", NameValidation::isValidLabelValue, "value-",
                        List.of(LABEL_VALUE)),
                new Case("a label value is at most 63 bytes", NameValidation::isValidLabelValue, "a".repeat(64),
                        List.of("must be no more than 63 bytes")),
                new Case("a label value counts UTF-8 bytes, not characters", NameValidation::isValidLabelValue,
                        "é".repeat(32), List.of("must be no more than 63 bytes", LABEL_VALUE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRuleAnswersWithKubernetesMessages(Case c) {
        assertThat(c.rule().apply(c.value())).containsExactlyElementsOf(c.messages());
    }

    record PrefixCase(String name, NameRule rule, String value, boolean prefix, List<String> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PrefixCase> prefixCases() {
        return Stream.of(
                new PrefixCase("a generateName may end in a dash", NameRule.DNS1123_SUBDOMAIN, "web-", true, List.of()),
                new PrefixCase("a name may not end in a dash", NameRule.DNS1123_SUBDOMAIN, "web-", false,
                        List.of(SUBDOMAIN)),
                new PrefixCase("a lone dash is not masked", NameRule.DNS1123_SUBDOMAIN, "-", true, List.of(SUBDOMAIN)),
                new PrefixCase("masking drops the two last characters, as Kubernetes does", NameRule.DNS1123_LABEL,
                        "web.-", true, List.of()),
                new PrefixCase("a namespace name may not hold dots", NameRule.DNS1123_LABEL, "a.b", false,
                        List.of("must not contain dots")),
                new PrefixCase("a service name must start with a letter", NameRule.DNS1035_LABEL, "1web", false,
                        List.of(DNS1035_LABEL)),
                new PrefixCase("a service generateName may end in a dash", NameRule.DNS1035_LABEL, "web-", true,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prefixCases")
    void nameRulesAllowATrailingDashOnlyInPrefixes(PrefixCase c) {
        assertThat(c.rule().validate(c.value(), c.prefix())).containsExactlyElementsOf(c.messages());
    }
}
