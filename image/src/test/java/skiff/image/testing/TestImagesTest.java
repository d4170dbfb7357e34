package skiff.image.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesTest {
    @TempDir
    Path dir;

    @Test
    void theSameInputsGiveTheSameDigests() {
        TestImage first = TestImages.busybox().cmd("sleep", "1").file("/a", "a").delete("/bin/tar").build();
        TestImage second = TestImages.busybox().cmd("sleep", "1").file("/a", "a").delete("/bin/tar").build();
        TestImage other = TestImages.busybox().cmd("sleep", "2").file("/a", "a").delete("/bin/tar").build();

        assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
        assertThat(other.manifestDigest()).isNotEqualTo(first.manifestDigest());
        assertThat(other.layers()).extracting(TestImages.Blob::digest)
                .isEqualTo(first.layers().stream().map(TestImages.Blob::digest).toList());
    }

    @Test
    void umociUnpacksTheLayoutIntoABusyboxRootfs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/umoci")), "umoci is not installed");
        Path layout = dir.resolve("layout");
        TestImages.busybox().file("/etc/motd", "hi").delete("/bin/tar").build().writeOciLayout(layout, "v1");

        Process p = new ProcessBuilder("umoci", "unpack", "--image", layout + ":v1", dir.resolve("bundle").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        Path rootfs = dir.resolve("bundle/rootfs");
        assertThat(rootfs.resolve("bin/busybox")).isRegularFile();
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).hasToString("busybox");
        assertThat(rootfs.resolve("etc/motd")).hasContent("hi");
        assertThat(rootfs.resolve("bin/tar")).doesNotExist();
    }
}
