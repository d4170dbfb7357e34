package skiff.apiserver.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.registry.apps.Workloads.selector;
import static skiff.apiserver.registry.apps.Workloads.spec;
import static skiff.apiserver.registry.apps.Workloads.templateSpec;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

class DaemonSetValidationTest {

    record Case(String name, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case ds(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, mutation, List.of(errors));
    }

    static ObjectNode rolling(ObjectNode ds) {
        return spec(ds).withObject("updateStrategy").withObject("rollingUpdate");
    }

    static Stream<Case> cases() {
        return Stream.of(
                ds("a daemon set whose selector selects its template is valid", d -> spec(d).remove("replicas")),
                ds("a missing selector selects nothing, so the template does not match", d -> spec(d).remove("selector"),
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: "
                                + "`selector` does not match template `labels`"),
                ds("an empty selector is invalid", d -> selector(d).remove("matchLabels"),
                        "spec.selector: Invalid value: {}: empty selector is invalid for daemonset"),
                ds("the template restarts Always", d -> templateSpec(d).put("restartPolicy", "Never"),
                        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\""),
                ds("the template takes no deadline", d -> templateSpec(d).put("activeDeadlineSeconds", 5),
                        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is "
                                + "not Supported"),
                ds("maxSurge and maxUnavailable may not both be set", d -> rolling(d).put("maxSurge", 1),
                        "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when "
                                + "maxUnavailable is non-zero"),
                ds("maxUnavailable and maxSurge may not both be zero", d -> rolling(d).put("maxUnavailable", 0),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge "
                                + "is 0"),
                ds("the update strategy type must be known", d -> spec(d).putObject("updateStrategy").put("type", "Now"),
                        "spec.updateStrategy: Unsupported value: {\"type\":\"Now\"}: supported values: "
                                + "\"RollingUpdate\", \"OnDelete\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesDaemonSetsAsKubernetesDoes(Case c) {
        ObjectNode ds = Workloads.of("apps/v1", "DaemonSet");
        c.mutation().accept(ds);
        WorkloadDefaults.DAEMON_SET.accept(ds);

        List<FieldError> errors = DaemonSetValidation.INSTANCE.validate(ds);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesDaemonSetUpdatesAsKubernetesDoes(Case c) {
        ObjectNode old = Workloads.of("apps/v1", "DaemonSet");
        WorkloadDefaults.DAEMON_SET.accept(old);
        ObjectNode updated = old.deepCopy();
        c.mutation().accept(updated);
        WorkloadDefaults.DAEMON_SET.accept(updated);

        List<FieldError> errors = DaemonSetValidation.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    static Stream<Case> updates() {
        return Stream.of(
                ds("the template may change", d -> Workloads.container(d)
                        .put("image", "nginx:1.28")),
                ds("the selector is immutable", d -> selector(d).putObject("matchLabels").put("tier", "front"),
                        "spec.selector: Invalid value: {\"matchLabels\":{\"tier\":\"front\"}}: field is immutable"));
    }
}
