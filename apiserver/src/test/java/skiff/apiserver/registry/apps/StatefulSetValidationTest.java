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

class StatefulSetValidationTest {
    private static final String FIXED_SPEC = "spec: Forbidden: updates to statefulset spec for fields other than "
            + "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
            + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    record Case(String name, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case sts(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, mutation, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                sts("a stateful set whose selector selects its template is valid", s -> { }),
                sts("a selector is required", s -> spec(s).remove("selector"),
                        "spec.selector: Required value",
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: "
                                + "`selector` does not match template `labels`"),
                sts("an empty selector is invalid", s -> selector(s).remove("matchLabels"),
                        "spec.selector: Invalid value: {}: empty selector is invalid for statefulset"),
                sts("the template restarts Always", s -> templateSpec(s).put("restartPolicy", "Never"),
                        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\""),
                sts("the template's pod spec is not validated, as in Kubernetes",
                        s -> Workloads.container(s).remove("image")),
                sts("the pod management policy must be known", s -> spec(s).put("podManagementPolicy", "Random"),
                        "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"),
                sts("the partition may not be negative", s -> spec(s).withObject("updateStrategy")
                        .withObject("rollingUpdate").put("partition", -1),
                        "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or "
                                + "equal to 0"),
                sts("maxUnavailable may be a percentage", s -> spec(s).withObject("updateStrategy")
                        .withObject("rollingUpdate").put("maxUnavailable", "50%")),
                sts("maxUnavailable may not be zero", s -> spec(s).withObject("updateStrategy")
                        .withObject("rollingUpdate").put("maxUnavailable", 0),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: must be greater than 0"),
                sts("maxUnavailable may not exceed 100%", s -> spec(s).withObject("updateStrategy")
                        .withObject("rollingUpdate").put("maxUnavailable", "150%"),
                        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be "
                                + "greater than 100%"),
                sts("replicas may not be negative", s -> spec(s).put("replicas", -1),
                        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
                sts("volume claim templates are not validated", s -> spec(s).putArray("volumeClaimTemplates")
                        .addObject().putObject("metadata").put("name", "data")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesStatefulSetsAsKubernetesDoes(Case c) {
        ObjectNode sts = Workloads.of("apps/v1", "StatefulSet");
        c.mutation().accept(sts);
        WorkloadDefaults.STATEFUL_SET.accept(sts);

        List<FieldError> errors = StatefulSetValidation.INSTANCE.validate(sts);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    static Stream<Case> updates() {
        return Stream.of(
                sts("replicas may change", s -> spec(s).put("replicas", 7)),
                sts("the template may change", s -> Workloads.container(s)
                        .put("image", "nginx:1.28")),
                sts("the update strategy may change", s -> spec(s).putObject("updateStrategy").put("type", "OnDelete")),
                sts("the selector may not change", s -> selector(s).withObject("matchLabels").put("tier", "front"),
                        FIXED_SPEC),
                sts("the service name may not change", s -> spec(s).put("serviceName", "other"), FIXED_SPEC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesStatefulSetUpdatesAsKubernetesDoes(Case c) {
        ObjectNode old = Workloads.of("apps/v1", "StatefulSet");
        WorkloadDefaults.STATEFUL_SET.accept(old);
        ObjectNode updated = old.deepCopy();
        c.mutation().accept(updated);
        WorkloadDefaults.STATEFUL_SET.accept(updated);

        List<FieldError> errors = StatefulSetValidation.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }
}
