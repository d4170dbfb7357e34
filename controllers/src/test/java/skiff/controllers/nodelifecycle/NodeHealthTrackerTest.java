package skiff.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

/** A node's last sign of life, by the controller's clock. */
class NodeHealthTrackerTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final NodeHealthTracker tracker = new NodeHealthTracker();

    @Test
    void aRenewedLeaseIsASignOfLife() {
        Instant first = clock.now();
        tracker.observe(node("2026-01-01T00:00:00Z"), lease(first), clock.now());

        clock.advance(Duration.ofSeconds(10));
        assertThat(tracker.observe(node("2026-01-01T00:00:00Z"), lease(first), clock.now())).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        assertThat(tracker.observe(node("2026-01-01T00:00:00Z"), lease(clock.now()), clock.now()))
                .isEqualTo(clock.now());
    }

    @Test
    void aNewReadyHeartbeatIsASignOfLife() {
        tracker.observe(node("2026-01-01T00:00:00Z"), null, clock.now());
        clock.advance(Duration.ofSeconds(30));

        assertThat(tracker.observe(node("2026-01-01T00:00:30Z"), null, clock.now())).isEqualTo(clock.now());
    }

    @Test
    void aNodeThatNeverPostedStatusCountsFromItsCreation() {
        Node silent = new NodeBuilder().withNewMetadata().withName("n")
                .withCreationTimestamp("2025-12-31T23:00:00Z").endMetadata().build();

        assertThat(tracker.observe(silent, null, clock.now())).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
    }

    private static Node node(String heartbeat) {
        return new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus("True").withLastHeartbeatTime(heartbeat).endCondition().endStatus()
                .build();
    }

    private static Lease lease(Instant renewed) {
        return new LeaseBuilder().withNewMetadata().withName("n").withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withRenewTime(renewed.atZone(ZoneOffset.UTC)).endSpec().build();
    }
}
