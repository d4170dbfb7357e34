package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class PodGracePeriodTest {

    /** A running pod on a node, with the default 30 s grace period. */
    static ObjectNode runningPod() {
        ObjectNode pod = Json.object();
        pod.putObject("spec").put("nodeName", "node-1").put("terminationGracePeriodSeconds", 30);
        pod.putObject("status").put("phase", "Running");
        return pod;
    }

    record Case(String name, Consumer<ObjectNode> mutation, Long requested, long grace) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the spec's grace period applies when none is asked for", p -> { }, null, 30),
                new Case("the asked grace period wins over the spec's", p -> { }, 5L, 5),
                new Case("zero asked is zero", p -> { }, 0L, 0),
                new Case("a negative grace period is one second", p -> { }, -3L, 1),
                new Case("a negative spec grace period is one second",
                        p -> p.withObject("spec").put("terminationGracePeriodSeconds", -1), null, 1),
                new Case("a pod with no grace period in its spec goes at once",
                        p -> p.withObject("spec").remove("terminationGracePeriodSeconds"), null, 0),
                new Case("a pod on no node goes at once", p -> p.withObject("spec").remove("nodeName"), 30L, 0),
                new Case("a succeeded pod goes at once", p -> p.withObject("status").put("phase", "Succeeded"), null, 0),
                new Case("a failed pod goes at once", p -> p.withObject("status").put("phase", "Failed"), 10L, 0),
                new Case("a pending scheduled pod gets its grace period",
                        p -> p.withObject("status").put("phase", "Pending"), null, 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesTheGracePeriodAsKubernetesDoes(Case c) {
        ObjectNode pod = runningPod();
        c.mutation().accept(pod);

        assertThat(PodGracePeriod.resolve(pod, c.requested())).isEqualTo(c.grace());
    }
}
