package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.Platform;
import skiff.image.registry.DockerRegistry;
import skiff.image.registry.TestImageBuilder;
import skiff.image.testing.TestImages;

/**
 * {@code bin/skiff image import|ls|rm|pull} from the built jar, and archives dropped into {@code DATA/images/}
 * imported when the server starts (k3s' airgap convention).
 */
class ImageCommandsTest {
    @RegisterExtension
    static final DockerRegistry REGISTRY = new DockerRegistry();

    @TempDir
    Path dir;

    private record Result(int code, String output) {}

    private static Result skiff(String... args) throws Exception {
        Process p = new ProcessBuilder(SkiffProcess.skiffCommand(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void importListAndRemoveFromTheCommandLine() throws Exception {
        Path data = dir.resolve("data");
        Path archive = dir.resolve("box.tar");
        TestImages.busybox().cmd("sleep", "3600").build().writeDockerArchive(archive, "box:cli");

        Result imported = skiff("image", "import", "--data-dir", data.toString(), archive.toString());
        Result listed = skiff("image", "ls", "--data-dir", data.toString());
        Result removed = skiff("image", "rm", "--data-dir", data.toString(), "box:cli");
        Result empty = skiff("image", "ls", "--data-dir", data.toString());

        assertThat(imported.code()).as(imported.output()).isZero();
        assertThat(listed.output()).containsPattern("docker.io/library/box +cli +[a-f0-9]{13} +[\\d.]+MB");
        assertThat(removed.output()).contains("Deleted: box:cli");
        assertThat(empty.output().lines().toList()).containsExactly("IMAGE   TAG   IMAGE ID   SIZE");
    }

    @Test
    void archivesInTheDataDirsImagesFolderAreImportedAtStart() throws Exception {
        Path data = dir.resolve("data");
        Path drop = Files.createDirectories(data.resolve("images"));
        TestImages.busybox().cmd("true").build().writeOciArchive(drop.resolve("airgap.tar.gz"),
                "registry.example/airgap:1");

        try (SkiffProcess server = SkiffProcess.start(data, List.of())) {
            Result listed = skiff("image", "ls", "--data-dir", data.toString());
            assertThat(listed.output()).as(server.output()).containsPattern("registry.example/airgap +1 ");
        }
    }

    @Test
    void pullThroughAMirrorInRegistriesYaml() throws Exception {
        Path data = dir.resolve("data");
        TestImageBuilder.Image image = TestImageBuilder.busybox(Platform.host().architecture(), 1, 1000, 61);
        TestImageBuilder.writeLayout(dir.resolve("layout"), "t", image.manifest(), image.blobs());
        REGISTRY.push(dir.resolve("layout"), "t", "library/e2e-pull:v1", false);
        // The image's own registry is a closed loopback port: nothing leaves the machine, even if the mirror failed.
        Path config = Files.writeString(dir.resolve("registries.yaml"), "mirrors:\n  \"127.0.0.1:1\":\n"
                + "    endpoint: [\"http://" + REGISTRY.host() + "\"]\n");

        Result pulled = skiff("image", "pull", "--data-dir", data.toString(), "--registry-config", config.toString(),
                "127.0.0.1:1/library/e2e-pull:v1");
        Result listed = skiff("image", "ls", "--data-dir", data.toString());

        assertThat(pulled.code()).as(pulled.output()).isZero();
        assertThat(pulled.output()).contains("127.0.0.1:1/library/e2e-pull:v1 " + image.manifest().digest());
        assertThat(listed.output()).containsPattern("127.0.0.1:1/library/e2e-pull +v1 +[a-f0-9]{13} ");
    }
}
