package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one machine, each with its own {@code --data-dir} and ports, are two clusters: each runs its own
 * pods, neither sees the other's objects, and stopping one leaves the other serving with its pods running.
 */
class SideBySideServersTest {
    @TempDir
    Path dir;

    @Test
    void twoServersWithTheirOwnDataDirsAndPortsRunSideBySide() throws Exception {
        try (SkiffProcess first = SkiffProcess.start(dir.resolve("first"));
                SkiffProcess second = SkiffProcess.start(dir.resolve("second"))) {
            Kubectl one = first.kubectl(Files.createDirectories(dir.resolve("kubectl-first")));
            Kubectl two = second.kubectl(Files.createDirectories(dir.resolve("kubectl-second")));
            assertThat(first.url()).isNotEqualTo(second.url());

            one.succeed("create", "namespace", "only-in-first");
            for (Kubectl kubectl : new Kubectl[] {one, two}) {
                kubectl.succeed("run", "sleeper", "--image=busybox", "--restart=Never", "--command", "--", "sleep",
                        "3600");
            }
            for (Kubectl kubectl : new Kubectl[] {one, two}) {
                kubectl.succeed("wait", "--for=condition=Ready", "pod/sleeper", "--timeout=120s");
            }
            assertThat(two.run("get", "namespace", "only-in-first").stderr())
                    .isEqualTo("Error from server (NotFound): namespaces \"only-in-first\" not found\n");

            first.stop();

            assertThat(two.succeed("get", "pod", "sleeper", "-o", "jsonpath={.status.phase}").stdout())
                    .isEqualTo("Running");
            assertThat(two.succeed("get", "namespaces", "-o", "name").stdout()).doesNotContain("only-in-first");
        }
    }
}
