package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PodUpdateValidationTest {
    private static final String NOT_UPDATABLE = "spec: Forbidden: pod updates may not change fields other than "
            + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
            + "(allow it to be set to 1 if it was previously negative)\n";

    /** The stored pod: the valid base pod, scheduled, with a deadline and defaults applied. */
    static ObjectNode storedPod() {
        ObjectNode pod = PodValidationTest.basePod();
        PodValidationTest.spec(pod).put("nodeName", "node-1").put("activeDeadlineSeconds", 600);
        PodStrategy.INSTANCE.applyDefaults(pod);
        return pod;
    }

    record Case(String name, Consumer<ObjectNode> stored, Consumer<ObjectNode> update, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case update(String name, Consumer<ObjectNode> update, String... errors) {
        return new Case(name, p -> { }, update, List.of(errors));
    }

    static ObjectNode spec(ObjectNode pod) {
        return PodValidationTest.spec(pod);
    }

    static Stream<Case> cases() {
        return Stream.of(
                update("an unchanged pod is valid", p -> { }),
                update("a container image may change", p -> PodValidationTest.container(p).put("image", "nginx:1.28")),
                update("labels may change", p -> p.withObject("metadata").putObject("labels").put("tier", "web")),
                update("the active deadline may be lowered", p -> spec(p).put("activeDeadlineSeconds", 300)),
                update("the active deadline may not be raised", p -> spec(p).put("activeDeadlineSeconds", 900),
                        "spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value"),
                update("the active deadline may not be removed", p -> spec(p).remove("activeDeadlineSeconds"),
                        "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to "
                                + "nil value"),
                update("a toleration may be added", p -> spec(p).withArray("tolerations").addObject()
                        .put("key", "example.com/gpu").put("operator", "Exists")),
                new Case("an existing toleration's seconds may change", p -> spec(p).withArray("tolerations")
                        .addObject().put("key", "node.kubernetes.io/not-ready").put("operator", "Exists")
                        .put("effect", "NoExecute").put("tolerationSeconds", 300),
                        p -> ((ObjectNode) spec(p).get("tolerations").get(0)).put("tolerationSeconds", 60), List.of()),
                new Case("an existing toleration may not be removed", p -> spec(p).withArray("tolerations")
                        .insertObject(0).put("key", "example.com/gpu").put("operator", "Exists"),
                        p -> ((ArrayNode) spec(p).get("tolerations")).remove(0), List.of(
                        "spec.tolerations: Forbidden: existing toleration can not be modified except its "
                                + "tolerationSeconds")),
                update("a container may not be added", p -> ((ArrayNode) spec(p).get("containers")).addObject()
                        .put("name", "sidecar").put("image", "envoy"),
                        "spec.containers: Forbidden: pod updates may not add or remove containers"),
                update("an image may not be emptied", p -> PodValidationTest.container(p).put("image", ""),
                        "spec.containers[0].image: Required value",
                        "spec.containers[0].image: Required value"),
                update("the restart policy is fixed", p -> spec(p).put("restartPolicy", "Never"),
                        NOT_UPDATABLE + "  core.PodSpec{\n- \tRestartPolicy: \"Always\",\n+ \tRestartPolicy: \"Never\",\n"
                                + "  }\n"),
                update("the node is fixed", p -> spec(p).put("nodeName", "node-2"),
                        NOT_UPDATABLE + "  core.PodSpec{\n- \tNodeName: \"node-1\",\n+ \tNodeName: \"node-2\",\n  }\n"),
                update("a container port is fixed", p -> PodValidationTest.port(p).put("containerPort", 8080),
                        NOT_UPDATABLE + "  core.PodSpec{\n- \tContainers[0].Ports[0].ContainerPort: 80,\n"
                                + "+ \tContainers[0].Ports[0].ContainerPort: 8080,\n  }\n"),
                new Case("a negative grace period may be raised to one",
                        p -> spec(p).put("terminationGracePeriodSeconds", -1),
                        p -> spec(p).put("terminationGracePeriodSeconds", 1), List.of()),
                update("a scheduling gate may not be added", p -> spec(p).putArray("schedulingGates").addObject()
                        .put("name", "example.com/wait"),
                        "spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling "
                                + "gate 'example.com/wait'"),
                new Case("a scheduling gate may be removed", p -> {
                    spec(p).remove("nodeName");
                    spec(p).putArray("schedulingGates").addObject().put("name", "example.com/wait");
                }, p -> spec(p).remove("schedulingGates"), List.of()),
                update("the mirror annotation is the kubelet's", p -> p.withObject("metadata").putObject("annotations")
                        .put("kubernetes.io/config.mirror", "x"),
                        "metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod "
                                + "annotation"),
                new Case("a stored invalid deletion cost may stay", p -> PodValidationTest.annotate(p, "007"),
                        p -> p.withObject("metadata").putObject("labels").put("tier", "web"), List.of()),
                update("a new invalid deletion cost is refused", p -> PodValidationTest.annotate(p, "x"),
                        "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: \"x\": must "
                                + "be a 32bit integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesPodUpdatesAsKubernetesDoes(Case c) {
        ObjectNode stored = storedPod();
        c.stored().accept(stored);
        ObjectNode updated = stored.deepCopy();
        c.update().accept(updated);
        PodStrategy.INSTANCE.applyDefaults(updated);

        List<FieldError> errors = PodStrategy.INSTANCE.validateUpdate(updated, stored);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }
}
