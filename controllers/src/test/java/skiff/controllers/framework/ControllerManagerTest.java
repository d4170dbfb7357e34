package skiff.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class ControllerManagerTest {
    // Never contacted: the fake controllers below register no informers.
    private final KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build()).build();
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void startsEveryControllerThatIsNotDisabled() {
        try (ControllerManager manager = ControllerManager.builder(client, clock)
                .controller("a", recording("a")).controller("b", recording("b")).controller("c", recording("c"))
                .disable(Set.of("b")).build()) {
            manager.start();

            assertThat(manager.running()).containsExactlyInAnyOrder("a", "c");
            assertThat(log).containsExactly("create a", "create c", "start a", "start c");
        }
    }

    @Test
    void stopTurnsOneControllerOffByName() {
        try (ControllerManager manager = ControllerManager.builder(client, clock)
                .controller("a", recording("a")).controller("b", recording("b")).build()) {
            manager.start();

            assertThat(manager.stop("a")).isTrue();
            assertThat(manager.stop("a")).isFalse();
            assertThat(manager.running()).containsExactly("b");
            assertThat(log).endsWith("close a");
        }
        assertThat(log).endsWith("close b");
    }

    @Test
    void disablingAnUnknownControllerIsRejected() {
        assertThatThrownBy(() -> ControllerManager.builder(client, clock).controller("a", recording("a"))
                .disable(Set.of("nope")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void aControllerThatFailsToBuildStopsTheOnesAlreadyBuilt() {
        ControllerManager manager = ControllerManager.builder(client, clock)
                .controller("a", recording("a"))
                .controller("broken", context -> {
                    throw new IllegalStateException("no discovery");
                })
                .build();

        assertThatThrownBy(manager::start).hasMessage("no discovery");
        assertThat(log).containsExactly("create a", "close a");
        assertThat(manager.running()).isEmpty();
    }

    private ControllerFactory recording(String name) {
        return context -> {
            log.add("create " + name);
            return new ManagedController() {
                @Override
                public void start() {
                    log.add("start " + name);
                }

                @Override
                public void close() {
                    log.add("close " + name);
                }
            };
        };
    }
}
