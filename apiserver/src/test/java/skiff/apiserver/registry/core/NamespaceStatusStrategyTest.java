package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

class NamespaceStatusStrategyTest {
    private static final String DELETED = "\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"";

    record Case(String name, String metadata, String status, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case ns(String name, String metadata, String status, String... errors) {
        return new Case(name, metadata, status, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                ns("a live namespace is Active", "", "{\"phase\":\"Active\"}"),
                ns("a live namespace without a phase is defaulted Active", "", "{}"),
                ns("a live namespace is not Terminating", "", "{\"phase\":\"Terminating\"}",
                        "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` "
                                + "is empty"),
                ns("a deleted namespace is Terminating", DELETED, "{\"phase\":\"Terminating\"}"),
                ns("a deleted namespace is not Active", DELETED, "{\"phase\":\"Active\"}",
                        "status.Phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` "
                                + "is not empty"),
                ns("a deleted namespace without a phase is defaulted Active, so refused", DELETED, "{}",
                        "status.Phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` "
                                + "is not empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesNamespaceStatusWritesAsKubernetesDoes(Case c) {
        ObjectNode old = parse("{\"metadata\":{\"name\":\"team\"" + (c.metadata().isEmpty() ? "" : "," + c.metadata())
                + "},\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}");
        ObjectNode updated = old.deepCopy();
        updated.set("status", parse(c.status()));
        updated.putObject("spec");
        NamespaceStrategy.INSTANCE.applyDefaults(updated);
        NamespaceStatusStrategy.INSTANCE.prepareForUpdate(updated, old);

        List<FieldError> errors = NamespaceStatusStrategy.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
        assertThat(updated.get("spec")).as("the spec stays as stored").isEqualTo(old.get("spec"));
    }

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
