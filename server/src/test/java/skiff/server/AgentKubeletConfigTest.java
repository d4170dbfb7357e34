package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.runtime.process.ProcessRuntime;

/** The agent's kubelet gets the node address, port and cluster DNS its options name. */
class AgentKubeletConfigTest {
    @TempDir
    Path dir;

    @Test
    void theAgentsKubeletGivesPodsTheClusterDns() {
        AgentOptions options = new AgentOptions("https://192.0.2.9:6443", new AgentCredentials.BearerToken("token"), "ca", dir,
                KubeletOptions.defaults().withNodeName("worker-1").withPort(0), "192.0.2.7",
                List.of("10.43.0.10"), "cluster.local", false, Clock.system());
        KubeletConfig config;
        try (ProcessRuntime runtime = ProcessRuntime.create(dir.resolve("kubelet"), Clock.system())) {
            config = SkiffAgent.kubeletConfig(options, dir.resolve("kubelet"),
                    new RuntimeSelection(runtime, "the process runtime", false, null, "192.0.2.7"));
        }

        assertThat(config.nodeName()).isEqualTo("worker-1");
        assertThat(config.nodeIp()).isEqualTo("192.0.2.7");
        assertThat(config.nodeSettings().clusterDns()).containsExactly("10.43.0.10");
        assertThat(config.nodeSettings().clusterDomain()).isEqualTo("cluster.local");
    }
}
