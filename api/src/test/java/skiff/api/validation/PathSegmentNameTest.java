package skiff.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RBAC names: one URL path segment (k/k apimachinery api/validation/path name_test.go, 1.32). */
class PathSegmentNameTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("system:controller:job-controller", false, List.of()),
                Arguments.of("Upper_Case and spaces", false, List.of()),
                Arguments.of(".", false, List.of("may not be '.'")),
                Arguments.of("..", false, List.of("may not be '..'")),
                Arguments.of("a/b%c", false, List.of("may not contain '/'", "may not contain '%'")),
                Arguments.of("..", true, List.of()),
                Arguments.of("x/", true, List.of("may not contain '/'")));
    }

    @ParameterizedTest(name = "{0} (prefix {1})")
    @MethodSource("cases")
    void validates(String name, boolean prefix, List<String> errors) {
        assertThat(NameRule.PATH_SEGMENT.validate(name, prefix)).isEqualTo(errors);
    }
}
