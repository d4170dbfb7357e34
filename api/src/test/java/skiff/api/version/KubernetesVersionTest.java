package skiff.api.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesVersionTest {
    @Test
    void aComponentsUserAgentIsClientGosForm() {
        // e.g. kubelet/v1.32.4-skiff (linux/amd64) kubernetes/skiff: the field manager is what precedes the first '/'.
        assertThat(KubernetesVersion.userAgent("kubelet"))
                .matches("kubelet/v1\\.32\\.4-skiff \\([a-z0-9]+/[a-z0-9_]+\\) kubernetes/skiff");
    }
}
