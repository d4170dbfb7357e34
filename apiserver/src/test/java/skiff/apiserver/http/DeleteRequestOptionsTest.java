package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.DeleteOptions;

class DeleteRequestOptionsTest {

    record Case(String name, DeleteOptions options, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no options are valid", DeleteOptions.DEFAULT, List.of()),
                new Case("each policy is valid", new DeleteOptions(null, "Foreground", null, null, null, false),
                        List.of()),
                new Case("the deprecated flag alone is valid", new DeleteOptions(null, null, true, null, null, false),
                        List.of()),
                new Case("an unknown policy is not supported", new DeleteOptions(null, "Cascade", null, null, null,
                        false), List.of("propagationPolicy: Unsupported value: \"Cascade\": supported values: "
                        + "\"Foreground\", \"Background\", \"Orphan\", \"nil\"")),
                new Case("the flag and a policy exclude each other",
                        new DeleteOptions(null, "Orphan", false, null, null, false),
                        List.of("propagationPolicy: Invalid value: \"Orphan\": orphanDependents and "
                                + "deletionPropagation cannot be both set")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesDeleteOptionsAsKubernetesDoes(Case c) {
        assertThat(DeleteRequestOptions.validate(c.options())).extracting(FieldError::fullMessage)
                .containsExactlyElementsOf(c.errors());
    }
}
