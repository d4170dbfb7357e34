package skiff.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.kubelet.runtime.VolumeConfig;

/** The atomic writer's layout and its swap of a file volume's contents. */
class VolumeFilesTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00.123456789Z");
    @TempDir
    Path dir;

    private static VolumeConfig.Files files(Map<String, String> contents) {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        contents.forEach((k, v) -> bytes.put(k, v.getBytes()));
        return new VolumeConfig.Files("cfg", "kubernetes.io~configmap", bytes, 0644);
    }

    @Test
    void filesAreLinksThroughDataToATimestampedGeneration() throws Exception {
        assertThat(VolumeFiles.writeAtomically(dir, files(Map.of("color", "blue", "sub/size", "L")), T0, 0755))
                .isTrue();

        assertThat(Files.readSymbolicLink(dir.resolve("..data")).toString())
                .isEqualTo("..2026_12_07_12_00_00.123456789");
        assertThat(Files.readSymbolicLink(dir.resolve("color")).toString()).isEqualTo("..data/color");
        assertThat(Files.readSymbolicLink(dir.resolve("sub")).toString()).isEqualTo("..data/sub");
        assertThat(Files.readString(dir.resolve("color"))).isEqualTo("blue");
        assertThat(Files.readString(dir.resolve("sub/size"))).isEqualTo("L");
    }

    @Test
    void newContentsSwapInAndTheOldGenerationAndRemovedKeysGo() throws Exception {
        VolumeFiles.writeAtomically(dir, files(Map.of("color", "blue", "shape", "round")), T0, 0755);
        Path first = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));

        assertThat(VolumeFiles.writeAtomically(dir, files(Map.of("color", "green")), T0.plusSeconds(1), 0755))
                .isTrue();

        assertThat(Files.readString(dir.resolve("color"))).isEqualTo("green");
        assertThat(Files.exists(dir.resolve("shape"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(first).doesNotExist();
        assertThat(Files.readSymbolicLink(dir.resolve("..data")).toString())
                .isEqualTo("..2026_12_07_12_00_01.123456789");
    }

    @Test
    void anUnchangedPayloadIsNotWrittenAgain() throws Exception {
        VolumeFiles.writeAtomically(dir, files(Map.of("color", "blue")), T0, 0755);

        assertThat(VolumeFiles.writeAtomically(dir, files(Map.of("color", "blue")), T0.plusSeconds(1), 0755))
                .isFalse();

        assertThat(Files.readSymbolicLink(dir.resolve("..data")).toString())
                .isEqualTo("..2026_12_07_12_00_00.123456789");
    }

    @Test
    void aChangedModeIsWritten() throws Exception {
        VolumeFiles.writeAtomically(dir, files(Map.of("color", "blue")), T0, 0755);
        VolumeConfig.Files privateMode = new VolumeConfig.Files("cfg", "kubernetes.io~configmap",
                Map.of("color", "blue".getBytes()), 0400);

        assertThat(VolumeFiles.writeAtomically(dir, privateMode, T0.plusSeconds(1), 0755)).isTrue();

        assertThat(Files.getPosixFilePermissions(dir.resolve("color"))).isEqualTo(VolumeFiles.permissions(0400));
    }
}
