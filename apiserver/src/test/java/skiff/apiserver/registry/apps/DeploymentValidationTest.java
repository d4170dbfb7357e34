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

class DeploymentValidationTest {

    record Case(String name, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case deployment(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, mutation, List.of(errors));
    }

    static ObjectNode rolling(ObjectNode d) {
        return spec(d).withObject("strategy").put("type", "RollingUpdate").withObject("rollingUpdate");
    }

    static Stream<Case> cases() {
        return Stream.of(
                deployment("a deployment whose selector selects its template is valid", d -> { }),
                deployment("a selector is required", d -> spec(d).remove("selector"),
                        "spec.selector: Required value",
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: "
                                + "`selector` does not match template `labels`"),
                deployment("the selector must select the template's labels",
                        d -> selector(d).withObject("matchLabels").put("env", "prod"),
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: "
                                + "`selector` does not match template `labels`"),
                deployment("an empty selector is invalid", d -> selector(d).remove("matchLabels"),
                        "spec.selector: Invalid value: {}: empty selector is invalid for deployment"),
                deployment("replicas may not be negative", d -> spec(d).put("replicas", -3),
                        "spec.replicas: Invalid value: -3: must be greater than or equal to 0"),
                deployment("the template restarts Always (Kubernetes names ReplicaSet)",
                        d -> templateSpec(d).put("restartPolicy", "OnFailure"),
                        "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: "
                                + "\"Always\""),
                deployment("the strategy type must be known", d -> spec(d).putObject("strategy").put("type", "Canary"),
                        "spec.strategy: Unsupported value: {\"type\":\"Canary\"}: supported values: \"Recreate\", "
                                + "\"RollingUpdate\""),
                deployment("Recreate takes no rolling update", d -> {
                    rolling(d);
                    spec(d).withObject("strategy").put("type", "Recreate");
                }, "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"),
                deployment("maxUnavailable and maxSurge may not both be zero", d -> rolling(d)
                        .put("maxUnavailable", 0).put("maxSurge", "0%"),
                        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` "
                                + "is 0"),
                deployment("maxUnavailable is a percentage or a number", d -> rolling(d).put("maxUnavailable", "half"),
                        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"half\": a valid percent string "
                                + "must be a numeric string followed by an ending '%' (e.g. '1%', or '93%', regex used "
                                + "for validation is '[0-9]+%')"),
                deployment("maxUnavailable is at most 100%", d -> rolling(d).put("maxUnavailable", "150%"),
                        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater "
                                + "than 100%"),
                deployment("the progress deadline exceeds minReadySeconds", d -> {
                    spec(d).put("minReadySeconds", 30);
                    spec(d).put("progressDeadlineSeconds", 30);
                }, "spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds"),
                deployment("the revision history limit may not be negative", d -> spec(d).put("revisionHistoryLimit", -1),
                        "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesDeploymentsAsKubernetesDoes(Case c) {
        ObjectNode deployment = Workloads.of("apps/v1", "Deployment");
        c.mutation().accept(deployment);
        WorkloadDefaults.DEPLOYMENT.accept(deployment);

        List<FieldError> errors = DeploymentValidation.INSTANCE.validate(deployment);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesDeploymentUpdatesAsKubernetesDoes(Case c) {
        ObjectNode old = Workloads.of("apps/v1", "Deployment");
        WorkloadDefaults.DEPLOYMENT.accept(old);
        ObjectNode updated = old.deepCopy();
        c.mutation().accept(updated);
        WorkloadDefaults.DEPLOYMENT.accept(updated);

        List<FieldError> errors = DeploymentValidation.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    static Stream<Case> updates() {
        return Stream.of(
                deployment("the image may change", d -> Workloads.container(d)
                        .put("image", "nginx:1.28")),
                deployment("the selector is immutable", d -> selector(d).withObject("matchLabels").put("tier", "front"),
                        "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"front\"}}: "
                                + "field is immutable"));
    }
}
