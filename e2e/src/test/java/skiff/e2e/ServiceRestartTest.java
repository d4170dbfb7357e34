package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services' cluster IPs and node ports survive a crash: a server killed with SIGKILL and started again on the same
 * data directory, with a service network of its own, still holds what its Services hold and nothing more.
 */
class ServiceRestartTest {
    @TempDir
    static Path dir;

    private static SkiffProcess server;
    private static Kubectl kubectl;

    @BeforeAll
    static void createServicesThenCrash() {
        server = SkiffProcess.start(dir.resolve("data"), List.of("--no-kubelet", "--service-cidr", "10.77.0.0/24",
                "--service-node-port-range", "31000-31099"));
        Kubectl before = server.kubectl(dir);
        before.succeed("create", "service", "nodeport", "kept", "--tcp=80:8080", "--node-port=31010");
        before.succeed("create", "service", "clusterip", "fixed", "--tcp=80:8080", "--clusterip=10.77.0.40");
        before.succeed("create", "service", "nodeport", "gone", "--tcp=80:8080", "--node-port=31020");
        before.succeed("delete", "service", "gone");
        server.kill9();
        server = server.restart();
        kubectl = server.kubectl(dir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whatStoredServicesHoldIsStillTaken() {
        assertThat(kubectl.run("create", "service", "nodeport", "again", "--tcp=80:8080", "--node-port=31010")
                .stderr()).contains("spec.ports[0].nodePort: Invalid value: 31010: provided port is already allocated");
        assertThat(kubectl.run("create", "service", "clusterip", "again", "--tcp=80:8080", "--clusterip=10.77.0.40")
                .stderr()).contains("failed to allocate IP 10.77.0.40: provided IP is already allocated");
    }

    @Test
    void whatADeletedServiceHeldIsFree() {
        kubectl.succeed("create", "service", "nodeport", "reuse", "--tcp=80:8080", "--node-port=31020");
        kubectl.succeed("delete", "service", "reuse");
    }

    @Test
    void theRangeGivenAtStartIsUsed() {
        assertThat(kubectl.succeed("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}").stdout())
                .isEqualTo("10.77.0.1");
        assertThat(kubectl.run("create", "service", "clusterip", "outside", "--tcp=80:8080",
                "--clusterip=10.43.0.40").stderr()).contains("The range of valid IPs is 10.77.0.0/24");
    }
}
