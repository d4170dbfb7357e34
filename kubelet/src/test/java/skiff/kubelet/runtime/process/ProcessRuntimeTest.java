package skiff.kubelet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
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
    void aContainerRunsInItsOwnDirectoryUnderThePod() {
        String id = start(config("app", "pwd"));
        awaitExit(id);

        assertThat(runtime.logPath(id).orElseThrow()).content().endsWith(" stdout F "
                + sandbox.directory().resolve("containers/app") + "\n");
    }
}
