package skiff.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.scheduler.framework.Pods;

class SchedulingQueueTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SchedulingQueue queue = new SchedulingQueue(clock);

    @Test
    void higherPriorityComesFirstThenTheOlderPod() throws InterruptedException {
        queue.add(pod("young-low", 0, "2026-01-01T00:00:03Z"));
        queue.add(pod("old-low", 0, "2026-01-01T00:00:01Z"));
        queue.add(pod("high", 1000, "2026-01-01T00:00:05Z"));
        queue.add(pod("negative", -5, "2026-01-01T00:00:00Z"));

        assertThat(popName()).contains("high");
        assertThat(popName()).contains("old-low");
        assertThat(popName()).contains("young-low");
        assertThat(popName()).contains("negative");
        assertThat(popName()).isEmpty();
    }

    @Test
    void backoffStartsAtOneSecondAndDoublesUpToTenSeconds() {
        assertThat(SchedulingQueue.backoffFor(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SchedulingQueue.backoffFor(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SchedulingQueue.backoffFor(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(SchedulingQueue.backoffFor(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SchedulingQueue.backoffFor(30)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anUnschedulablePodWaitsForAClusterEventAndItsBackoff() throws InterruptedException {
        queue.add(pod("p", 0, "2026-01-01T00:00:00Z"));
        QueuedPod first = queue.pop(Duration.ZERO).orElseThrow();
        queue.addUnschedulable(first, queue.schedulingCycle());
        assertThat(queue.unschedulableCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(popName()).as("no event yet").isEmpty();

        queue.moveAllToActiveOrBackoff();
        QueuedPod second = queue.pop(Duration.ZERO).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);

        // Failed twice: an event right away leaves it backing off for 2 s.
        queue.addUnschedulable(second, queue.schedulingCycle());
        queue.moveAllToActiveOrBackoff();
        assertThat(queue.backoffCount()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1999));
        assertThat(popName()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(popName()).contains("p");
    }

    @Test
    void aClusterEventDuringTheAttemptSendsTheFailedPodToBackoffNotToThePool() throws InterruptedException {
        queue.add(pod("p", 0, "2026-01-01T00:00:00Z"));
        QueuedPod attempt = queue.pop(Duration.ZERO).orElseThrow();
        long cycle = queue.schedulingCycle();

        queue.moveAllToActiveOrBackoff();
        queue.addUnschedulable(attempt, cycle);

        assertThat(queue.unschedulableCount()).isZero();
        assertThat(queue.backoffCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(popName()).contains("p");
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutesWithoutAnyEvent() throws InterruptedException {
        queue.add(pod("p", 0, "2026-01-01T00:00:00Z"));
        queue.addUnschedulable(queue.pop(Duration.ZERO).orElseThrow(), queue.schedulingCycle());

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(popName()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(popName()).contains("p");
    }

    @Test
    void updatingAnUnschedulablePodRetriesItAndDeletingItForgetsIt() throws InterruptedException {
        Pod pod = pod("p", 0, "2026-01-01T00:00:00Z");
        queue.add(pod);
        queue.addUnschedulable(queue.pop(Duration.ZERO).orElseThrow(), queue.schedulingCycle());
        clock.advance(Duration.ofSeconds(1));

        queue.update(new io.fabric8.kubernetes.api.model.PodBuilder(pod).editMetadata().addToLabels("fixed", "yes")
                .endMetadata().build());
        QueuedPod retried = queue.pop(Duration.ZERO).orElseThrow();
        assertThat(retried.pod().getMetadata().getLabels()).containsEntry("fixed", "yes");

        queue.addUnschedulable(retried, queue.schedulingCycle());
        queue.delete(retried.uid());
        queue.moveAllToActiveOrBackoff();
        clock.advance(Duration.ofSeconds(10));
        assertThat(popName()).isEmpty();
    }

    @Test
    void aGatedPodWaitsUntilItsLastGateIsRemovedAndNoClusterEventMovesIt() throws InterruptedException {
        Pod gated = Pods.pod("gated").editSpec().addNewSchedulingGate().withName("example.com/quota")
                .endSchedulingGate().endSpec().build();
        queue.add(gated);

        assertThat(queue.gatedCount()).isOne();
        assertThat(queue.activeCount()).isZero();
        queue.moveAllToActiveOrBackoff();
        clock.advance(SchedulingQueue.MAX_UNSCHEDULABLE.plusSeconds(1));
        assertThat(popName()).isEmpty();

        queue.update(new io.fabric8.kubernetes.api.model.PodBuilder(gated).editSpec().withSchedulingGates()
                .endSpec().build());

        assertThat(queue.gatedCount()).isZero();
        assertThat(popName()).contains("gated");
    }

    @Test
    void aDeletedGatedPodIsForgotten() throws InterruptedException {
        Pod gated = Pods.pod("gated").editSpec().addNewSchedulingGate().withName("example.com/quota")
                .endSchedulingGate().endSpec().build();
        queue.add(gated);

        queue.delete(gated.getMetadata().getUid());

        assertThat(queue.gatedCount()).isZero();
        assertThat(popName()).isEmpty();
    }

    private Optional<String> popName() throws InterruptedException {
        return queue.pop(Duration.ZERO).map(p -> p.pod().getMetadata().getName());
    }

    private static Pod pod(String name, int priority, String created) {
        return Pods.pod(name).editMetadata().withCreationTimestamp(created).endMetadata()
                .editSpec().withPriority(priority).endSpec().build();
    }
}
