package skiff.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PortValidationTest {

    record NameCase(String name, String port, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<NameCase> names() {
        return Stream.of(
                new NameCase("a lower-case name with a letter is valid", "http-alt", List.of()),
                new NameCase("digits need a letter", "8080",
                        List.of("must contain at least one letter (a-z)")),
                new NameCase("upper case is refused", "HTTP",
                        List.of("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                                "must contain at least one letter (a-z)")),
                new NameCase("sixteen characters are too many", "abcdefghijklmnop",
                        List.of("must be no more than 15 characters")),
                new NameCase("hyphens may not repeat or end the name", "-a--b",
                        List.of("must not contain consecutive hyphens", "must not begin or end with a hyphen")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void checksPortNamesAsKubernetesDoes(NameCase c) {
        assertThat(PortValidation.isValidPortName(c.port())).containsExactlyElementsOf(c.errors());
    }

    record NumberCase(String name, long port, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<NumberCase> numbers() {
        return Stream.of(
                new NumberCase("1 is the lowest port", 1, List.of()),
                new NumberCase("65535 is the highest port", 65535, List.of()),
                new NumberCase("0 is out of range", 0, List.of("must be between 1 and 65535, inclusive")),
                new NumberCase("70000 is out of range", 70000, List.of("must be between 1 and 65535, inclusive")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbers")
    void checksPortNumbersAsKubernetesDoes(NumberCase c) {
        assertThat(PortValidation.isValidPortNum(c.port())).containsExactlyElementsOf(c.errors());
    }
}
