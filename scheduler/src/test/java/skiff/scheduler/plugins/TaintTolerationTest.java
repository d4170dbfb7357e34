package skiff.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import skiff.scheduler.framework.Code;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.Nodes;
import skiff.scheduler.framework.Pods;

/** Cases after k/k taint_toleration_test.go TestTaintTolerationFilter and TestTaintTolerationScore. */
class TaintTolerationTest {
    private final TaintToleration plugin = new TaintToleration();

    record Case(String name, List<Taint> taints, List<Toleration> tolerations, boolean fits) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> filterCases() {
        Taint dedicated = taint("dedicated", "user1", "NoSchedule");
        return Stream.of(
                new Case("no tolerations, a NoSchedule taint", List.of(dedicated), List.of(), false),
                new Case("equal key, value and effect", List.of(dedicated),
                        List.of(toleration("dedicated", "Equal", "user1", "NoSchedule")), true),
                new Case("a different value", List.of(dedicated),
                        List.of(toleration("dedicated", "Equal", "user2", "NoSchedule")), false),
                new Case("Exists ignores the value", List.of(dedicated),
                        List.of(toleration("dedicated", "Exists", null, "NoSchedule")), true),
                new Case("an empty effect tolerates every effect", List.of(dedicated),
                        List.of(toleration("dedicated", "Equal", "user1", null)), true),
                new Case("a different effect", List.of(dedicated),
                        List.of(toleration("dedicated", "Equal", "user1", "NoExecute")), false),
                new Case("Exists with an empty key tolerates everything",
                        List.of(dedicated, taint("other", "", "NoExecute")),
                        List.of(toleration(null, "Exists", null, null)), true),
                new Case("PreferNoSchedule taints never filter", List.of(taint("soft", "x", "PreferNoSchedule")),
                        List.of(), true),
                new Case("the not-ready taint needs a toleration",
                        List.of(taint("node.kubernetes.io/not-ready", null, "NoSchedule")), List.of(), false));
    }

    @ParameterizedTest
    @MethodSource("filterCases")
    void filter(Case c) {
        Pod pod = Pods.pod("p").editSpec().withTolerations(c.tolerations()).endSpec().build();
        NodeInfo node = Nodes.info(Nodes.node("n", "1", "1Gi", "10").editSpec().withTaints(c.taints()).endSpec());

        assertThat(plugin.filter(pod, node).isEmpty()).isEqualTo(c.fits());
    }

    @Test
    void theRefusalNamesTheUntoleratedTaintAndCannotBeResolvedByPreemption() {
        NodeInfo node = Nodes.info(Nodes.node("n", "1", "1Gi", "10").editSpec()
                .withTaints(taint("node.kubernetes.io/not-ready", null, "NoExecute")).endSpec());

        FilterResult refusal = plugin.filter(Pods.pod("p").build(), node).orElseThrow();

        assertThat(refusal.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(refusal.reasons()).containsExactly("node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
    }

    @Test
    void nodesWithFewerUntoleratedPreferNoScheduleTaintsScoreHigher() {
        Pod pod = Pods.pod("p").editSpec().withTolerations(toleration("tolerated", "Exists", null,
                "PreferNoSchedule"), toleration("hard", "Exists", null, "NoSchedule")).endSpec().build();
        NodeInfo clean = Nodes.info(Nodes.node("clean", "1", "1Gi", "10"));
        NodeInfo tolerated = Nodes.info(Nodes.node("tolerated", "1", "1Gi", "10").editSpec()
                .withTaints(taint("tolerated", "x", "PreferNoSchedule")).endSpec());
        NodeInfo one = Nodes.info(Nodes.node("one", "1", "1Gi", "10").editSpec()
                .withTaints(taint("a", "x", "PreferNoSchedule")).endSpec());
        // A NoSchedule toleration does not count for PreferNoSchedule taints.
        NodeInfo two = Nodes.info(Nodes.node("two", "1", "1Gi", "10").editSpec()
                .withTaints(taint("a", "x", "PreferNoSchedule"), taint("hard", "y", "PreferNoSchedule")).endSpec());

        long[] scores = Stream.of(clean, tolerated, one, two).mapToLong(n -> plugin.score(pod, n)).toArray();
        plugin.normalize(scores);

        assertThat(scores).containsExactly(100, 100, 50, 0);
    }

    static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    static Toleration toleration(String key, String operator, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build();
    }
}
