package skiff.kubelet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ContainerRuntimeContract;

/** The runtime contract on host process groups, plus what only the process runtime does. */
class ProcessRuntimeTest extends ContainerRuntimeContract {

    @Override
    protected ContainerRuntime newRuntime(Path root, Path memoryRoot) {
        return new ProcessRuntime(root, memoryRoot, Clock.system(), new SecureRandom());
    }

    @Override
    protected String volumePathInContainer(String volume) {
        return "$" + ProcessRuntime.volumeVariable(volume);
    }

    @Test
    void volumeVariablesAreUpperCaseWithUnderscores() {
        assertThat(ProcessRuntime.volumeVariable("my-data.v1")).isEqualTo("SKIFF_VOLUME_MY_DATA_V1");
    }

    @Test
    void aMountPathInsideThePodDirectoryBecomesALinkToTheVolume() {
        Path mountPath = sandbox.directory().resolve("mnt/data");
        ContainerConfig config = new ContainerConfig("pod-1", "app", 0, "hash", "busybox",
                List.of("sh", "-c", "echo linked > " + mountPath + "/file"), List.of(), Map.of(), "",
                List.of(new ContainerConfig.Mount("data", mountPath.toString(), "", false)), false);

        awaitExit(start(config));

        assertThat(Files.isSymbolicLink(mountPath)).isTrue();
        assertThat(sandbox.volumes().get("data").resolve("file")).hasContent("linked");
    }

    @Test
    void argsWithoutACommandRunAsTheCommand() {
        ContainerConfig config = new ContainerConfig("pod-1", "app", 0, "hash", "busybox", List.of(),
                List.of("echo", "only", "args"), Map.of(), "", List.of(), false);

        String id = start(config);

        assertThat(awaitExit(id).exitCode()).isZero();
        assertThat(runtime.logPath(id).orElseThrow()).content().endsWith(" stdout F only args\n");
    }

    @Test
    void whatTheRuntimeKeepsIsReadableOnlyByItsOwner() throws IOException {
        awaitExit(start(config("app", "echo private")));

        List<Path> kept;
        try (Stream<Path> paths = Files.walk(root)) {
            kept = paths.filter(p -> !p.equals(root) && !Files.isSymbolicLink(p)).toList();
        }
        assertThat(kept).isNotEmpty();
        for (Path p : kept) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(mode).as("directory %s", p).isEqualTo("rwx------");
            } else if (p.startsWith(sandbox.volumes().get("cfg"))) {
                // A ConfigMap's files keep the mode the volume asks for, inside the private volume directory.
                assertThat(mode).as("file %s", p).isEqualTo("rw-r--r--");
            } else {
                assertThat(mode).as("file %s", p).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aContainerRunsInItsOwnDirectoryUnderThePod() {
        String id = start(config("app", "pwd"));
        awaitExit(id);

        assertThat(runtime.logPath(id).orElseThrow()).content().endsWith(" stdout F "
                + sandbox.directory().resolve("containers/app") + "\n");
    }
}
