package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.apps.WorkloadDefaults;
import tools.jackson.databind.node.ObjectNode;

class ReplicationControllerValidationTest {

    static ObjectNode baseController() {
        String json = """
                {"apiVersion": "v1", "kind": "ReplicationController",
                 "metadata": {"name": "web", "namespace": "default"},
                 "spec": {"replicas": 2, "selector": {"app": "web"},
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}
                """;
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode spec(ObjectNode rc) {
        return (ObjectNode) rc.get("spec");
    }

    record Case(String name, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case rc(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, mutation, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                rc("a controller whose selector selects its template is valid", r -> { }),
                rc("a missing selector defaults to the template's labels", r -> spec(r).remove("selector")),
                rc("a selector is required when the template has no labels", r -> {
                    spec(r).remove("selector");
                    spec(r).withObject("template").withObject("metadata").remove("labels");
                }, "spec.selector: Required value"),
                rc("the selector must select the template's labels", r -> spec(r).putObject("selector").put("app", "api"),
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match "
                                + "template `labels`"),
                rc("a template is required", r -> spec(r).remove("template"), "spec.template: Required value"),
                rc("replicas may not be negative", r -> spec(r).put("replicas", -1),
                        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
                rc("the template restarts Always", r -> spec(r).withObject("template").withObject("spec")
                        .put("restartPolicy", "Never"),
                        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\""),
                rc("the template takes no deadline", r -> spec(r).withObject("template").withObject("spec")
                        .put("activeDeadlineSeconds", 5),
                        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in "
                                + "ReplicationController is not Supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesReplicationControllersAsKubernetesDoes(Case c) {
        ObjectNode rc = baseController();
        c.mutation().accept(rc);
        WorkloadDefaults.REPLICATION_CONTROLLER.accept(rc);

        List<FieldError> errors = ReplicationControllerValidation.INSTANCE.validate(rc);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void allowsSelectorChangesOnUpdate(Case c) {
        ObjectNode old = baseController();
        WorkloadDefaults.REPLICATION_CONTROLLER.accept(old);
        ObjectNode updated = old.deepCopy();
        c.mutation().accept(updated);

        List<FieldError> errors = ReplicationControllerValidation.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    static Stream<Case> updates() {
        return Stream.of(rc("the selector may change in core/v1", r -> {
            spec(r).putObject("selector").put("app", "web").put("tier", "front");
            spec(r).withObject("template").withObject("metadata").withObject("labels").put("tier", "front");
        }));
    }
}
