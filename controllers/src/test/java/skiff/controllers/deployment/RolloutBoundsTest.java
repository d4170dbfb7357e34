package skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutBoundsTest {
    record Case(String name, int replicas, Object maxSurge, Object maxUnavailable, int surge, int unavailable) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case[] cases() {
        return new Case[] {
            new Case("defaults of 25% round surge up and unavailability down", 10, "25%", "25%", 3, 2),
            new Case("absolute values are taken as they are", 5, 2, 1, 2, 1),
            new Case("both zero after rounding become one unavailable", 3, 0, "10%", 0, 1),
            new Case("unavailability never exceeds the replicas", 2, 0, 5, 0, 2),
            new Case("no replicas, nothing may be unavailable", 0, "25%", "25%", 0, 0),
            new Case("a percentage of one replica surges by one", 1, "25%", "25%", 1, 0),
        };
    }

    @ParameterizedTest
    @MethodSource("cases")
    void resolvesSurgeAndUnavailabilityAsKubernetesDoes(Case c) {
        RolloutBounds bounds = RolloutBounds.of(Sets.rolling(c.replicas(), c.maxSurge(), c.maxUnavailable()));

        assertThat(bounds).isEqualTo(new RolloutBounds(c.surge(), c.unavailable()));
    }
}
