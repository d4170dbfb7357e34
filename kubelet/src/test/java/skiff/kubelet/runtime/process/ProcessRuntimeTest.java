package skiff.kubelet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ContainerRuntimeContract;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.RuntimeContainer;

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

    @Override
    protected String terminationMessagePath() {
        return "$SKIFF_TERMINATION_MESSAGE_PATH";
    }

    @Override
    protected void assertMemoryBacked(Path volume, Path memoryRoot) {
        assertThat(volume).startsWith(memoryRoot);
    }

    @Test
    void aSandboxWhoseFilesAreBeingDeletedIsNotFound() throws IOException {
        // The kubelet's housekeeping removes a sandbox while a pod worker or the token refresher looks it up.
        Files.delete(sandbox.directory().resolve("hostname"));
        ContainerRuntime restarted = newRuntime(root.resolve("kubelet"), root.resolve("memory"));

        assertThat(restarted.sandbox("pod-1")).isEmpty();
        restarted.removeSandbox("pod-1");
        assertThat(restarted.sandboxes()).isEmpty();
        assertThat(sandbox.directory()).doesNotExist();
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
    void aRuntimeStartedAgainOnItsDirectoryKnowsTheEarlierAttemptsTheirExitsAndLogs() throws IOException {
        String failed = start(config("app", 0, "echo first; exit 3", false));
        awaitExit(failed);
        String stopped = start(config("app", 1, "echo second; exec sleep 30", false));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.readString(runtime.logPath(stopped).orElseThrow()).contains("second"));
        runtime.stopForShutdown(stopped, Duration.ofSeconds(10));
        runtime.close();

        runtime = newRuntime(root.resolve("kubelet"), root.resolve("memory"));

        assertThat(runtime.podStatus("pod-1").attempts("app")).extracting(RuntimeContainer::id, RuntimeContainer::state,
                RuntimeContainer::exitCode, RuntimeContainer::reason, RuntimeContainer::interruptedByRestart)
                .containsExactly(tuple(stopped, ContainerState.EXITED, 143, "Error", true),
                        tuple(failed, ContainerState.EXITED, 3, "Error", false));
        assertThat(runtime.podStatus("pod-1").latest("app").orElseThrow().startedAt()).isNotNull();
        assertThat(runtime.logPath(failed).orElseThrow()).content().contains(" stdout F first");
        assertThat(runtime.logPath(stopped).orElseThrow()).content().contains(" stdout F second");
    }

    @Test
    void aContainerRunsInItsOwnDirectoryUnderThePod() {
        String id = start(config("app", "pwd"));
        awaitExit(id);

        assertThat(runtime.logPath(id).orElseThrow()).content().endsWith(" stdout F "
                + sandbox.directory().resolve("containers/app") + "\n");
    }
}
