package skiff.kubelet.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.kubelet.config.ApiObjects;
import skiff.kubelet.config.ContainerConfigs;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.config.SandboxConfigs;
import skiff.kubelet.runtime.FakeContainerRuntime;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.VolumeConfig;

class ProjectedTokenRefresherTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> issued = new ArrayList<>();
    private final ServiceAccountTokenManager tokens = new ServiceAccountTokenManager(key -> {
        issued.add("token-" + (issued.size() + 1));
        return new IssuedToken(issued.getLast(), clock.now().plus(Duration.ofSeconds(key.expirationSeconds())));
    }, clock);
    private final ApiObjects objects = new ApiObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> serviceAccountToken(TokenKey key) {
            return Optional.of(tokens.token(key));
        }
    };
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(clock);
    private final Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns1").withUid("u1")
            .endMetadata().withNewSpec().withServiceAccountName("default").addNewVolume().withName("kube-api-access")
            .withNewProjected().addNewSource().withNewServiceAccountToken().withPath("token")
            .withExpirationSeconds(3607L).endServiceAccountToken().endSource().endProjected().endVolume()
            .endSpec().build();
    private final ProjectedTokenRefresher refresher = new ProjectedTokenRefresher(runtime, tokens,
            p -> new ContainerConfigs.Context(p, "10.0.0.5", "10.0.0.1", objects));

    @Test
    void theTokenFileIsRewrittenOncePastEightyPercentOfItsLifetime() {
        SandboxConfig sandbox = ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(
                new ContainerConfigs.Context(pod, "10.0.0.5", "10.0.0.1", objects))).value();
        runtime.createSandbox(sandbox);
        VolumeConfig.Files mounted = (VolumeConfig.Files) sandbox.volumes().getFirst();

        clock.advance(Duration.ofMinutes(40));
        refresher.refresh(List.of(pod));
        List<String> early = List.copyOf(runtime.calls);
        clock.advance(Duration.ofMinutes(9));
        refresher.refresh(List.of(pod));

        assertThat(new String(mounted.files().get("token"))).isEqualTo("token-1");
        assertThat(early).doesNotContain("updateVolume kube-api-access");
        assertThat(runtime.calls).contains("updateVolume kube-api-access");
        assertThat(issued).containsExactly("token-1", "token-2");
    }
}
