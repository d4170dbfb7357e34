package skiff.controllers.tainteviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.client.events.EventSink;
import skiff.controllers.framework.SyncResult;

/** The eviction countdown of a pod on a node with NoExecute taints, by a fake clock. */
class TaintEvictionSyncTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CacheImpl<Pod> pods = new CacheImpl<>();
    private final CacheImpl<Node> nodes = new CacheImpl<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final EventRecorder recorder = new EventRecorder(new RecordingSink(events), clock, "test", "",
            Executors.newSingleThreadExecutor());
    // No API client: these cases never evict.
    private final TaintEvictionSync sync = new TaintEvictionSync(pods, nodes, null, recorder, clock);

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void aToleratedTaintCountsDownFromWhenThePodWasFirstSeenOnTheNode() {
        nodes.put(unreachableNode());
        pods.put(pod(300L));

        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(300)));
        clock.advance(Duration.ofSeconds(100));
        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(200)));
    }

    @Test
    void theCountdownIsCancelledWhenTheTaintGoes() {
        nodes.put(unreachableNode());
        pods.put(pod(300L));
        sync.sync("ns/web-0");

        nodes.put(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().endSpec().build());
        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.done());
        recorder.close();

        assertThat(events).extracting(Event::getReason, Event::getMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TaintManagerEviction",
                        "Cancelling deletion of Pod ns/web-0"));

        nodes.put(unreachableNode());
        clock.advance(Duration.ofSeconds(250));
        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(300)));
    }

    @Test
    void aPodToleratingTheTaintForeverStays() {
        nodes.put(unreachableNode());
        pods.put(pod(null));

        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.done());
    }

    @Test
    void aTerminatingPodIsLeftAlone() {
        nodes.put(unreachableNode());
        pods.put(new PodBuilder(pod(300L)).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
                .endMetadata().build());

        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.done());
    }

    @Test
    void aPodOnANodeSentWithoutASpecStays() {
        nodes.put(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build());
        pods.put(pod(300L));

        assertThat(sync.sync("ns/web-0")).isEqualTo(SyncResult.done());
        assertThat(TaintEvictionSync.taints(nodes.getByKey("n1"))).isEmpty();
    }

    private static Node unreachableNode() {
        return new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().addNewTaint()
                .withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").endTaint().endSpec().build();
    }

    private static Pod pod(Long tolerationSeconds) {
        return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("ns").endMetadata().withNewSpec()
                .withNodeName("n1").withTolerations(new TolerationBuilder().withKey("node.kubernetes.io/unreachable")
                        .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(tolerationSeconds)
                        .build())
                .endSpec().build();
    }

    private record RecordingSink(List<Event> events) implements EventSink {
        @Override
        public void create(Event event) {
            events.add(event);
        }

        @Override
        public boolean update(String namespace, String name, int count, String lastTimestamp) {
            return true;
        }
    }
}
