package skiff.kubelet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import skiff.api.time.Clock;

class SyncLoopTest {
    private final List<Boolean> runs = new CopyOnWriteArrayList<>();

    @Test
    void startsWithAFullSyncAndFoldsABurstOfChangesIntoFewSyncs() {
        try (SyncLoop loop = new SyncLoop("test-sync", Duration.ofMillis(300), Duration.ofHours(1),
                Duration.ofMillis(100), Clock.system(), runs::add)) {
            loop.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
            assertThat(runs).containsExactly(true);

            for (int i = 0; i < 100; i++) {
                loop.trigger();
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= 2);
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> runs.size() <= 3);
            assertThat(runs.subList(1, runs.size())).containsOnly(false);
        }
    }

    @Test
    void aFailedSyncIsRetriedAsAFullOne() {
        try (SyncLoop loop = new SyncLoop("test-sync", Duration.ofMillis(50), Duration.ofHours(1),
                Duration.ofMillis(100), Clock.system(), full -> {
                    runs.add(full);
                    if (runs.size() == 2) {
                        throw new HostCommand.CommandException("nft refused");
                    }
                })) {
            loop.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
            loop.trigger();

            await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 3);
            assertThat(runs).containsExactly(true, false, true);
        }
    }

    @Test
    void resyncsFullyEveryPeriod() {
        try (SyncLoop loop = new SyncLoop("test-sync", Duration.ofMillis(10), Duration.ofMillis(200),
                Duration.ofMillis(100), Clock.system(), runs::add)) {
            loop.start();

            await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() >= 3);
            assertThat(runs).containsOnly(true);
        }
    }
}
