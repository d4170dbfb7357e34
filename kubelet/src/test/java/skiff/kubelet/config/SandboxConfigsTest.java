package skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class SandboxConfigsTest {
    private static Pod pod(String name, String hostname) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withHostname(hostname).endSpec().build();
    }

    @Test
    void theHostnameIsThePodsName() {
        assertThat(SandboxConfigs.hostname(pod("web-0", null))).isEqualTo("web-0");
    }

    @Test
    void specHostnameWins() {
        assertThat(SandboxConfigs.hostname(pod("web-0", "db"))).isEqualTo("db");
    }

    @Test
    void aLongNameIsCutTo63CharactersWithoutATrailingDashOrDot() {
        String name = "a".repeat(61) + "-.-bcd";

        assertThat(SandboxConfigs.hostname(pod(name, null))).isEqualTo("a".repeat(61));
    }
}
