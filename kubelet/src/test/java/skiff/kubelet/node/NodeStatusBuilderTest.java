package skiff.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStatusBuilderTest {
    private static final MachineInfo MACHINE = new MachineInfo(4, 8L * 1024 * 1024 * 1024, 100L * 1024 * 1024 * 1024,
            "mid", "uuid", "boot", "6.1.0", "Debian GNU/Linux 12", "linux", "amd64");
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static NodeCondition condition(NodeStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void capacityAndAllocatableComeFromTheMachine() {
        NodeStatus s = NodeStatusBuilder.build(MACHINE, "n1", "127.0.0.1", 10250, "process://skiff", List.of(), null,
                T0);

        assertThat(s.getCapacity().get("cpu").toString()).isEqualTo("4");
        assertThat(s.getCapacity().get("memory").toString()).isEqualTo("8388608Ki");
        assertThat(s.getCapacity().get("pods").toString()).isEqualTo("110");
        // Allocatable: capacity less the default hard eviction thresholds (100Mi of memory, 10% of the disk).
        assertThat(s.getAllocatable().get("memory").toString()).isEqualTo((8388608 - 102400) + "Ki");
        assertThat(s.getAllocatable().get("ephemeral-storage").toString())
                .isEqualTo((MACHINE.diskBytes() - MACHINE.diskBytes() / 10) / 1024 + "Ki");
        assertThat(s.getAllocatable().get("cpu")).isEqualTo(s.getCapacity().get("cpu"));
        assertThat(s.getAllocatable().get("pods")).isEqualTo(s.getCapacity().get("pods"));
        assertThat(s.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("process://skiff");
        assertThat(s.getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.4-skiff");
        assertThat(s.getNodeInfo().getArchitecture()).isEqualTo("amd64");
        assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Ready").getLastHeartbeatTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void heartbeatsMoveWhileTransitionTimesStay() {
        NodeStatus first = NodeStatusBuilder.build(MACHINE, "n1", "127.0.0.1", 10250, "process://skiff", List.of(),
                null, T0);

        NodeStatus later = NodeStatusBuilder.build(MACHINE, "n1", "127.0.0.1", 10250, "process://skiff", List.of(),
                first, T0.plusSeconds(10));

        assertThat(condition(later, "Ready").getLastHeartbeatTime()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(condition(later, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void meminfoTotalsAreKibibytes() {
        assertThat(MachineInfo.parseKibibytes("MemTotal:       24683620 kB")).isEqualTo(24683620L);
    }
}
