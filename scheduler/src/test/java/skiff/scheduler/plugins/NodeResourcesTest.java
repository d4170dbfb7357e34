package skiff.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skiff.scheduler.framework.Code;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.Nodes;
import skiff.scheduler.framework.Pods;

/**
 * NodeResourcesFit (filter and LeastAllocated score) and BalancedAllocation; numbers after k/k fit_test.go,
 * least_allocated_test.go and balanced_allocation_test.go.
 */
class NodeResourcesTest {
    private final NodeResourcesFit fit = new NodeResourcesFit();
    private final BalancedAllocation balanced = new BalancedAllocation();

    @Test
    void aPodFitsInWhatIsLeftAfterThePodsAlreadyOnTheNode() {
        NodeInfo node = Nodes.info(Nodes.node("n", "10", "20", "32"));
        node.addPod(Pods.requesting("a", "5", "19"));

        assertThat(fit.filter(Pods.requesting("fits", "5", "1"), node)).isEmpty();
        assertThat(fit.filter(Pods.requesting("cpu", "6", "1"), node)).hasValueSatisfying(r -> {
            assertThat(r.reasons()).containsExactly("Insufficient cpu");
            assertThat(r.code()).isEqualTo(Code.UNSCHEDULABLE);
        });
        assertThat(fit.filter(Pods.requesting("both", "6", "2"), node)).hasValueSatisfying(r ->
                assertThat(r.reasons()).containsExactly("Insufficient cpu", "Insufficient memory"));
        assertThat(fit.filter(Pods.pod("nothing").build(), node)).isEmpty();
    }

    @Test
    void aFullNodeRefusesEvenAPodWithoutRequests() {
        NodeInfo node = Nodes.info(Nodes.node("n", "10", "20", "1"));
        node.addPod(Pods.pod("a").build());

        assertThat(fit.filter(Pods.pod("b").build(), node)).hasValueSatisfying(r ->
                assertThat(r.reasons()).containsExactly("Too many pods"));
    }

    @Test
    void leastAllocatedAveragesTheFreeShareOfCpuAndMemory() {
        // k/k least_allocated_test.go "differently sized machines": 4000m/10000 and 6000m/10000 with pod 3000m/5000
        // and nothing else: cpu (4000-3000)*100/4000 = 25, memory (10000-5000)*100/10000 = 50 -> 37.
        NodeInfo small = Nodes.info(Nodes.node("small", "4", "10000", "10"));
        NodeInfo large = Nodes.info(Nodes.node("large", "6", "10000", "10"));
        var pod = Pods.requesting("p", "3", "5000");

        assertThat(fit.score(pod, small)).isEqualTo(37);
        // cpu (6000-3000)*100/6000 = 50, memory 50 -> 50.
        assertThat(fit.score(pod, large)).isEqualTo(50);
    }

    @Test
    void leastAllocatedCountsDefaultRequestsForContainersWithoutThem() {
        NodeInfo node = Nodes.info(Nodes.node("n", "1", "2000Mi", "10"));

        // 100m of 1000m and 200Mi of 2000Mi requested by default: 90 and 90.
        assertThat(fit.score(Pods.pod("p").build(), node)).isEqualTo(90);
    }

    @Test
    void balancedAllocationPrefersEqualSharesOfCpuAndMemory() {
        NodeInfo node = Nodes.info(Nodes.node("n", "4", "10000", "10"));

        // cpu 3000/4000 = 0.75, memory 5000/10000 = 0.5: deviation 0.125 -> 87.
        assertThat(balanced.score(Pods.requesting("p", "3", "5000"), node)).isEqualTo(87);
        // cpu 2000/4000 = memory 5000/10000: deviation 0 -> 100.
        assertThat(balanced.score(Pods.requesting("q", "2", "5000"), node)).isEqualTo(100);
    }
}
