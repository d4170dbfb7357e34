package skiff.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import skiff.scheduler.framework.Nodes;
import skiff.scheduler.framework.Pods;
import skiff.scheduler.framework.Resources;
import skiff.scheduler.plugins.NodeResourcesFit;

class SchedulerCacheTest {
    private final SchedulerCache cache = new SchedulerCache();

    @Test
    void anAssumedPodCountsOnItsNodeUntilTheBindingIsConfirmed() {
        cache.addOrUpdateNode(Nodes.node("n", "1", "1Gi", "110").build());
        Pod first = Pods.requesting("first", "600m", null);

        cache.assume(first, "n");

        assertThat(cache.isAssumed(first.getMetadata().getUid())).isTrue();
        assertThat(cache.node("n").orElseThrow().requested()).isEqualTo(new Resources(600, 0, 0));
        assertThat(new NodeResourcesFit().filter(Pods.requesting("second", "600m", null), cache.node("n").orElseThrow()))
                .as("the next pod already sees the assumed one").isPresent();

        cache.addOrUpdatePod(new PodBuilder(first).editSpec().withNodeName("n").endSpec().build());

        assertThat(cache.isAssumed(first.getMetadata().getUid())).isFalse();
        assertThat(cache.node("n").orElseThrow().podCount()).isEqualTo(1);
    }

    @Test
    void aFailedBindingForgetsTheAssumedPod() {
        cache.addOrUpdateNode(Nodes.node("n", "1", "1Gi", "110").build());
        Pod pod = Pods.requesting("p", "600m", null);
        cache.assume(pod, "n");

        cache.forget(pod.getMetadata().getUid());

        assertThat(cache.node("n").orElseThrow().requested()).isEqualTo(Resources.NONE);
        assertThat(cache.node("n").orElseThrow().podCount()).isZero();
    }

    @Test
    void podsBoundBeforeTheirNodeIsKnownCountOnceItAppears() {
        cache.addOrUpdatePod(new PodBuilder(Pods.requesting("early", "300m", null)).editSpec().withNodeName("late")
                .endSpec().build());
        assertThat(cache.nodeList()).isEmpty();

        cache.addOrUpdateNode(Nodes.node("late", "1", "1Gi", "110").build());

        assertThat(cache.nodeList()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("late");
            assertThat(n.requested().milliCpu()).isEqualTo(300);
        });
    }

    @Test
    void aDeletedNodeLeavesTheList() {
        cache.addOrUpdateNode(Nodes.node("a", "1", "1Gi", "110").build());
        cache.addOrUpdateNode(Nodes.node("b", "1", "1Gi", "110").build());

        cache.removeNode("a");

        assertThat(cache.nodeList()).extracting(n -> n.name()).containsExactly("b");
    }
}
