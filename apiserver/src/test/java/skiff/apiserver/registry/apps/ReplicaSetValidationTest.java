package skiff.apiserver.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.registry.apps.Workloads.selector;
import static skiff.apiserver.registry.apps.Workloads.spec;
import static skiff.apiserver.registry.apps.Workloads.template;
import static skiff.apiserver.registry.apps.Workloads.templateSpec;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

class ReplicaSetValidationTest {

    record Case(String name, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case rs(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, mutation, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                rs("a replica set whose selector selects its template is valid", r -> { }),
                rs("a selector is required", r -> spec(r).remove("selector"),
                        "spec.selector: Required value",
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: "
                                + "`selector` does not match template `labels`"),
                rs("the selector must select the template's labels",
                        r -> selector(r).putObject("matchLabels").put("app", "api"),
                        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: "
                                + "`selector` does not match template `labels`"),
                rs("a template without labels is not selected", r -> template(r).withObject("metadata").remove("labels"),
                        "spec.template.metadata.labels: Invalid value: null: `selector` does not match template "
                                + "`labels`"),
                rs("set-based selectors select too", r -> {
                    selector(r).remove("matchLabels");
                    selector(r).putArray("matchExpressions").addObject().put("key", "tier").put("operator", "In")
                            .putArray("values").add("front").add("back");
                }),
                rs("an empty selector is invalid (Kubernetes says deployment)", r -> selector(r).remove("matchLabels"),
                        "spec.selector: Invalid value: {}: empty selector is invalid for deployment"),
                rs("a selector operator must be known", r -> {
                    selector(r).putArray("matchExpressions").addObject().put("key", "tier").put("operator", "Like");
                }, "spec.selector.matchExpressions[0].operator: Invalid value: \"Like\": not a valid selector operator",
                        "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":"
                                + "[{\"key\":\"tier\",\"operator\":\"Like\"}]}: invalid label selector"),
                rs("In needs values", r -> selector(r).putArray("matchExpressions").addObject().put("key", "tier")
                        .put("operator", "In"),
                        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` "
                                + "is 'In' or 'NotIn'",
                        "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":"
                                + "[{\"key\":\"tier\",\"operator\":\"In\"}]}: invalid label selector"),
                rs("replicas may not be negative", r -> spec(r).put("replicas", -1),
                        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
                rs("minReadySeconds may not be negative", r -> spec(r).put("minReadySeconds", -5),
                        "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"),
                rs("the template restarts Always", r -> templateSpec(r).put("restartPolicy", "Never"),
                        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\""),
                rs("the template takes no deadline", r -> templateSpec(r).put("activeDeadlineSeconds", 10),
                        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is "
                                + "not Supported"),
                rs("the template's pod spec is validated", r -> templateSpec(r).putArray("containers"),
                        "spec.template.spec.containers: Required value"),
                rs("a template without a pod spec needs containers", r -> template(r).remove("spec"),
                        "spec.template.spec.containers: Required value"),
                rs("template labels are reported on spec.template.labels",
                        r -> template(r).withObject("metadata").withObject("labels").put("bad key", "x"),
                        "spec.template.labels: Invalid value: \"bad key\": name part must consist of alphanumeric "
                                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                                + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
                rs("the template's deletion cost is an int32", r -> template(r).withObject("metadata")
                        .putObject("annotations").put("controller.kubernetes.io/pod-deletion-cost", "one"),
                        "spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "
                                + "\"one\": must be a 32bit integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesReplicaSetsAsKubernetesDoes(Case c) {
        ObjectNode rs = Workloads.of("apps/v1", "ReplicaSet");
        c.mutation().accept(rs);
        WorkloadDefaults.REPLICA_SET.accept(rs);

        List<FieldError> errors = ReplicaSetValidation.INSTANCE.validate(rs);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    record UpdateCase(String name, Consumer<ObjectNode> update, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<UpdateCase> updates() {
        return Stream.of(
                new UpdateCase("replicas may change", r -> spec(r).put("replicas", 5), List.of()),
                new UpdateCase("the template may change", r -> templateSpec(r).withArray("containers").addObject()
                        .put("name", "sidecar").put("image", "envoy"), List.of()),
                new UpdateCase("the selector is immutable", r -> {
                    selector(r).putObject("matchLabels").put("tier", "front");
                }, List.of("spec.selector: Invalid value: {\"matchLabels\":{\"tier\":\"front\"}}: "
                        + "field is immutable")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesReplicaSetUpdatesAsKubernetesDoes(UpdateCase c) {
        ObjectNode old = Workloads.of("apps/v1", "ReplicaSet");
        WorkloadDefaults.REPLICA_SET.accept(old);
        ObjectNode updated = old.deepCopy();
        c.update().accept(updated);
        WorkloadDefaults.REPLICA_SET.accept(updated);

        List<FieldError> errors = ReplicaSetValidation.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }
}
