package skiff.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.FakeClock;
import skiff.image.ImageGcPolicy;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.image.StoredImage;
import skiff.image.testing.TestImages;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.FakeContainerRuntime;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.runtime.SandboxConfig;

class ImageGcTest {
    private static final String USED = "example.test/used:1";
    private static final String UNUSED = "example.test/unused:1";
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(clock);

    @TempDir
    Path dir;

    @Test
    void imagesOfContainersTheRuntimeKnowsStayAndOthersPastTheMaximumAgeGo() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        TestImages.busybox().env("WHICH=used").build().putInto(store, USED);
        TestImages.busybox().env("WHICH=unused").build().putInto(store, UNUSED);
        Sandbox sandbox = runtime.createSandbox(new SandboxConfig("uid-1", "default", "web", "web", List.of(), null));
        runtime.startContainer(sandbox, new ContainerConfig("uid-1", "app", 0, "h", USED, List.of("sleep"),
                List.of(), Map.of(), "", List.of(), false, null, false, false, false, "/dev/termination-log"));
        ImageGc gc = new ImageGc(store, runtime, new ImageGcPolicy(85, 80, Duration.ofMinutes(2),
                Duration.ofMinutes(10)), clock);

        gc.collect();

        assertThat(store.images()).flatExtracting(StoredImage::names).containsExactly(USED);
        assertThat(store.image(ImageReference.parse(UNUSED))).isEmpty();
    }

    @Test
    void withTheDefaultPolicyAndRoomOnTheDiskNothingGoes() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        TestImages.busybox().build().putInto(store, UNUSED);

        new ImageGc(store, runtime, ImageGcPolicy.defaults(), clock).collect();

        assertThat(store.images()).flatExtracting(StoredImage::names).containsExactly(UNUSED);
    }
}
