package skiff.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.client.events.EventSink;
import skiff.scheduler.cache.SchedulerCache;
import skiff.scheduler.framework.Nodes;
import skiff.scheduler.framework.Pods;
import skiff.scheduler.framework.Resources;
import skiff.scheduler.queue.QueuedPod;
import skiff.scheduler.queue.SchedulingQueue;

/** The binding cycle after the scheduling loop has assumed a pod on a node. */
class BindingCycleTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue = new SchedulingQueue(clock);
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final EventRecorder recorder = new EventRecorder(new RecordingSink(events), clock, Scheduler.NAME, "",
            Executors.newSingleThreadExecutor());
    private final List<String> bound = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void aBoundPodStaysCountedOnItsNodeAndGetsItsScheduledEvent() throws InterruptedException {
        QueuedPod attempt = assumed(Pods.requesting("web", "500m", "1Gi"), "n1");

        try (BindingCycle binding = bindingCycle((pod, node) -> bound.add(pod.getMetadata().getName() + "->" + node))) {
            binding.start(attempt, "n1");
        }
        recorder.close();

        assertThat(bound).containsExactly("web->n1");
        assertThat(cache.node("n1").orElseThrow().requested()).isEqualTo(new Resources(500, 1L << 30, 0));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("Scheduled");
            assertThat(e.getMessage()).isEqualTo("Successfully assigned default/web to n1");
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.pop(Duration.ZERO)).as("nothing left to schedule").isEmpty();
    }

    @Test
    void aRefusedBindingIsForgottenFromTheCacheAndRetriedAfterItsBackoff() throws InterruptedException {
        QueuedPod attempt = assumed(Pods.requesting("web", "500m", "1Gi"), "n1");
        assertThat(cache.node("n1").orElseThrow().requested().milliCpu()).isEqualTo(500);

        try (BindingCycle binding = bindingCycle((pod, node) -> {
            throw new KubernetesClientException("pods \"web\" not found", 404, null);
        })) {
            binding.start(attempt, "n1");
        }
        recorder.close();

        assertThat(cache.isAssumed(attempt.uid())).isFalse();
        assertThat(cache.node("n1").orElseThrow().requested()).isEqualTo(Resources.NONE);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventRecorder.WARNING);
            assertThat(e.getReason()).isEqualTo("FailedScheduling");
            assertThat(e.getMessage()).startsWith("Binding rejected: ");
        });
        assertThat(queue.pop(Duration.ZERO)).as("still backing off").isEmpty();
        clock.advance(SchedulingQueue.INITIAL_BACKOFF);
        assertThat(queue.pop(Duration.ZERO)).hasValueSatisfying(retry -> {
            assertThat(retry.uid()).isEqualTo(attempt.uid());
            assertThat(retry.attempts()).isEqualTo(2);
        });
    }

    // As the scheduling loop leaves it: popped from the queue and counted on the node it was given.
    private QueuedPod assumed(Pod pod, String node) throws InterruptedException {
        cache.addOrUpdateNode(Nodes.node(node, "4", "8Gi", "110").build());
        queue.add(pod);
        QueuedPod attempt = queue.pop(Duration.ZERO).orElseThrow();
        cache.assume(pod, node);
        return attempt;
    }

    private BindingCycle bindingCycle(PodBinder binder) {
        return new BindingCycle(binder, cache, new ReentrantLock(), queue, recorder,
                Executors.newSingleThreadExecutor(), 2);
    }

    private record RecordingSink(List<Event> events) implements EventSink {
        @Override
        public void create(Event event) {
            events.add(event);
        }

        @Override
        public boolean update(String namespace, String name, int count, String lastTimestamp) {
            return false;
        }
    }
}
