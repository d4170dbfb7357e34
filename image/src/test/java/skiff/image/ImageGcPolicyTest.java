package skiff.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.ImageGcPolicy.ImageUsage;
import skiff.image.ImageGcPolicy.Plan;
import skiff.image.testing.TestImages;

class ImageGcPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ImageGcPolicy DEFAULTS = ImageGcPolicy.defaults();

    @TempDir
    Path dir;

    private static Digest id(int n) {
        return Digest.sha256(new byte[] {(byte) n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0});
    }

    private static ImageUsage unused(int n, long size, Duration sinceUse) {
        return new ImageUsage(id(n), size, NOW.minus(Duration.ofHours(5)), NOW.minus(sinceUse), false, false);
    }

    @Test
    void belowTheHighThresholdNothingIsFreed() {
        Plan plan = DEFAULTS.plan(NOW, 1000, 160, List.of(unused(1, 500, Duration.ofHours(1))));

        assertThat(plan.remove()).isEmpty();
        assertThat(plan.bytesToFree()).isZero();
    }

    @Test
    void atTheHighThresholdTheLeastRecentlyUsedGoUntilTheLowThreshold() {
        List<ImageUsage> images = List.of(
                unused(1, 60, Duration.ofMinutes(10)),
                unused(2, 50, Duration.ofHours(1)),
                unused(3, 70, Duration.ofMinutes(5)),
                new ImageUsage(id(4), 500, NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofDays(1)), true, false),
                new ImageUsage(id(5), 500, NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofDays(1)), false, true),
                new ImageUsage(id(6), 500, NOW.minus(Duration.ofMinutes(1)), Instant.EPOCH, false, false));

        Plan plan = DEFAULTS.plan(NOW, 1000, 150, images);

        assertThat(plan.bytesToFree()).isEqualTo(1000 * 20 / 100 - 150);
        assertThat(plan.remove()).containsExactly(id(2));
        assertThat(plan.enough()).isTrue();

        Plan more = DEFAULTS.plan(NOW, 1000, 100, images);
        assertThat(more.remove()).containsExactly(id(2), id(1));
        assertThat(more.bytesFreed()).isEqualTo(110);
    }

    @Test
    void whenTooLittleIsEligibleThePlanSaysSoAsTheKubeletDoes() {
        Plan plan = DEFAULTS.plan(NOW, 1000, 0, List.of(unused(1, 30, Duration.ofHours(1))));

        assertThat(plan.remove()).containsExactly(id(1));
        assertThat(plan.enough()).isFalse();
        assertThat(plan.shortfallMessage()).isEqualTo("Failed to garbage collect required amount of images. "
                + "Attempted to free 200 bytes, but only found 30 bytes eligible to free.");
    }

    @Test
    void aMaximumAgeFreesOldUnusedImagesWhateverTheDisk() {
        ImageGcPolicy policy = new ImageGcPolicy(85, 80, Duration.ofMinutes(2), Duration.ofHours(2));

        Plan plan = policy.plan(NOW, 1000, 900, List.of(unused(1, 10, Duration.ofHours(3)),
                unused(2, 10, Duration.ofHours(1))));

        assertThat(plan.remove()).containsExactly(id(1));
    }

    @Test
    void thresholdsAreValidatedAsTheKubeletValidatesThem() {
        assertThatThrownBy(() -> new ImageGcPolicy(101, 80, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("high threshold");
        assertThatThrownBy(() -> new ImageGcPolicy(70, 80, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("must not exceed");
    }

    @Test
    void theCollectorRemovesUnusedImagesFromTheStoreAndKeepsThoseInUse() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        StoredImage used = TestImages.busybox().cmd("used").build().putInto(store, "used");
        StoredImage idle = TestImages.busybox().cmd("idle").file("/x", "x").build().putInto(store, "idle");
        // Thresholds of 0 %: every byte in use on the filesystem is above them, so all that is eligible goes.
        ImageGarbageCollector collector = new ImageGarbageCollector(store,
                new ImageGcPolicy(0, 0, Duration.ZERO, Duration.ZERO));

        Plan plan = collector.collect(NOW, Set.of(used.configDigest()), Set.of());

        assertThat(plan.remove()).containsExactly(idle.configDigest());
        assertThat(store.images()).singleElement().satisfies(i -> assertThat(i.names()).containsExactly(
                "docker.io/library/used:latest"));
        assertThat(store.hasBlob(idle.layers().get(1))).isFalse();
        assertThat(store.hasBlob(used.layers().get(0))).isTrue();
    }
}
