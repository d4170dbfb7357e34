package skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuntimeProbeTest {
    private static final Path CNI = Path.of("/opt/cni/bin");

    /** A made-up machine: every field is what the probe would read. */
    private record FakeMachine(boolean root, Set<String> commands, Set<Path> executables, Set<String> filesystems,
            Optional<Set<String>> unifiedControllers, Set<String> v1Controllers) implements RuntimeProbe.Environment {

        static FakeMachine capable() {
            return new FakeMachine(true, Set.of("runc", "conmon"), Set.of(CNI.resolve("bridge"),
                    CNI.resolve("host-local"), CNI.resolve("loopback")), Set.of("ext4", "overlay", "tmpfs"),
                    Optional.empty(), Set.of("cpu", "cpuacct", "memory", "pids", "devices"));
        }

        @Override
        public Optional<Path> onPath(String name) {
            return commands.contains(name) ? Optional.of(Path.of("/usr/sbin", name)) : Optional.empty();
        }

        @Override
        public boolean isExecutable(Path file) {
            return executables.contains(file);
        }

        FakeMachine withRoot(boolean isRoot) {
            return new FakeMachine(isRoot, commands, executables, filesystems, unifiedControllers, v1Controllers);
        }

        FakeMachine withCommands(String... names) {
            return new FakeMachine(root, Set.of(names), executables, filesystems, unifiedControllers, v1Controllers);
        }

        FakeMachine withExecutables(Path... files) {
            return new FakeMachine(root, commands, Set.of(files), filesystems, unifiedControllers, v1Controllers);
        }

        FakeMachine withFilesystems(String... names) {
            return new FakeMachine(root, commands, executables, Set.of(names), unifiedControllers, v1Controllers);
        }

        FakeMachine withUnified(String... controllers) {
            return new FakeMachine(root, commands, executables, filesystems, Optional.of(Set.of(controllers)),
                    Set.of());
        }

        FakeMachine withV1(String... controllers) {
            return new FakeMachine(root, commands, executables, filesystems, Optional.empty(), Set.of(controllers));
        }
    }

    private static RuntimeProbe.Decision decide(FakeMachine machine) {
        return new RuntimeProbe(machine, List.of(Path.of("/usr/lib/cni"), CNI)).decide();
    }

    @Test
    void aCapableMachineGetsRuncAndSaysWhatItFound() {
        RuntimeProbe.Decision d = decide(FakeMachine.capable());

        assertThat(d.useRunc()).isTrue();
        assertThat(d.runc()).isEqualTo(Path.of("/usr/sbin/runc"));
        assertThat(d.conmon()).isEqualTo(Path.of("/usr/sbin/conmon"));
        assertThat(d.explanation()).startsWith("runc /usr/sbin/runc with conmon").contains("cgroup v1");
    }

    @Test
    void cgroupV2WithTheControllersIsEnough() {
        assertThat(decide(FakeMachine.capable().withUnified("cpuset", "cpu", "io", "memory", "pids")).useRunc())
                .isTrue();
    }

    @Test
    void everyMissingPieceIsNamedWithHowToGetRunc() {
        RuntimeProbe.Decision d = decide(FakeMachine.capable().withRoot(false).withCommands("conmon")
                .withExecutables(CNI.resolve("bridge")).withFilesystems("ext4").withV1("cpu", "memory"));

        assertThat(d.useRunc()).isFalse();
        assertThat(d.reasons()).containsExactly("Skiff does not run as root", "runc is not on the PATH",
                "the CNI plugins host-local, loopback are not in /usr/lib/cni:/opt/cni/bin",
                "no cgroup v1 hierarchy for pids", "overlayfs is not in /proc/filesystems");
        assertThat(d.explanation()).startsWith("the process runtime, because Skiff does not run as root")
                .endsWith("(to get runc: apt-get install runc conmon containernetworking-plugins)");
    }

    @Test
    void aV2TreeWithoutTheMemoryControllerIsNotEnough() {
        RuntimeProbe.Decision d = decide(FakeMachine.capable().withUnified("cpu", "pids"));

        assertThat(d.useRunc()).isFalse();
        assertThat(d.reasons()).containsExactly("the cgroup v2 tree lacks the controllers memory");
    }

    @Test
    void withoutConmonThereIsNoMonitor() {
        assertThat(decide(FakeMachine.capable().withCommands("runc")).reasons())
                .containsExactly("conmon is not on the PATH");
    }
}
