package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class GracefulDeletionTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** A resource deleted gracefully with the requested grace period, or 30 seconds. */
    private static final ResourceStrategy GRACEFUL = new ResourceStrategy() {
        @Override
        public OptionalLong gracePeriod(ObjectNode object, Long requested) {
            return OptionalLong.of(requested == null ? 30 : requested);
        }
    };

    record Case(String name, ResourceStrategy strategy, Consumer<ObjectNode> mutation, Long requested,
            GraceDecision decision) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Consumer<ObjectNode> deleting(String timestamp, Long grace) {
        return o -> {
            o.withObject("metadata").put("deletionTimestamp", timestamp);
            if (grace != null) {
                o.withObject("metadata").put("deletionGracePeriodSeconds", grace);
            }
        };
    }

    static Stream<Case> cases() {
        ResourceStrategy plain = new ResourceStrategy() {};
        return Stream.of(
                new Case("a resource without graceful deletion goes at once", plain, o -> { }, 10L,
                        new GraceDecision.Immediate()),
                new Case("a first delete starts the grace period", GRACEFUL, o -> { }, null,
                        new GraceDecision.Graceful(30, NOW.plusSeconds(30), true)),
                new Case("a negative grace period is one second", GRACEFUL, o -> { }, -4L,
                        new GraceDecision.Graceful(1, NOW.plusSeconds(1), true)),
                new Case("a delete without a grace period leaves a running one", GRACEFUL,
                        deleting("2026-03-01T10:00:20Z", 30L), null, new GraceDecision.Pending()),
                new Case("a longer or equal grace period leaves it too", GRACEFUL,
                        deleting("2026-03-01T10:00:20Z", 30L), 30L, new GraceDecision.Pending()),
                new Case("a shorter grace period moves the deadline from the original start", GRACEFUL,
                        deleting("2026-03-01T10:00:20Z", 30L), 5L,
                        new GraceDecision.Graceful(5, Instant.parse("2026-03-01T09:59:55Z"), false)),
                new Case("an object marked with no grace goes at once", GRACEFUL,
                        deleting("2026-03-01T09:00:00Z", 0L), 5L, new GraceDecision.Immediate()),
                new Case("an object marked without a grace period goes at once", GRACEFUL,
                        deleting("2026-03-01T09:00:00Z", null), null, new GraceDecision.Immediate()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheGracePeriodAsKubernetesDoes(Case c) {
        ObjectNode object = Json.object();
        c.mutation().accept(object);

        GraceDecision decision = GracefulDeletion.decide(object,
                new DeleteOptions(c.requested(), null, null, null, null, false), c.strategy(), NOW);

        assertThat(decision).isEqualTo(c.decision());
    }
}
