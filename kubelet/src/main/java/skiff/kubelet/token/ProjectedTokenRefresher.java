package skiff.kubelet.token;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.kubelet.config.ContainerConfigs;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.config.SandboxConfigs;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.VolumeConfig;

/**
 * Puts a fresh token into the projected volumes of running pods once the token manager says the old one is due
 * (k/k: the kubelet's volume manager sets projected volumes up again on every pod sync, and the token manager then
 * hands out a new token past 80% of the old one's lifetime). The other sources of the volume are read again too.
 */
public final class ProjectedTokenRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectedTokenRefresher.class);

    private final ContainerRuntime runtime;
    private final ServiceAccountTokenManager tokens;
    private final Function<Pod, ContainerConfigs.Context> contexts;

    /** @param contexts what a pod's volumes are resolved against (its IPs, the API objects) */
    public ProjectedTokenRefresher(ContainerRuntime runtime, ServiceAccountTokenManager tokens,
            Function<Pod, ContainerConfigs.Context> contexts) {
        this.runtime = runtime;
        this.tokens = tokens;
        this.contexts = contexts;
    }

    /** Refreshes what is due among {@code pods}, and forgets the tokens of every other pod. */
    public void refresh(Collection<Pod> pods) {
        tokens.retainPods(pods.stream().map(p -> p.getMetadata().getUid()).collect(java.util.stream.Collectors
                .toSet()));
        for (Pod pod : pods) {
            if (runtime.sandbox(pod.getMetadata().getUid()).isEmpty() || pod.getSpec().getVolumes() == null) {
                continue;
            }
            for (Volume volume : pod.getSpec().getVolumes()) {
                if (due(pod, volume)) {
                    rewrite(pod, volume);
                }
            }
        }
    }

    private boolean due(Pod pod, Volume volume) {
        if (volume.getProjected() == null || volume.getProjected().getSources() == null) {
            return false;
        }
        List<VolumeProjection> sources = volume.getProjected().getSources();
        return sources.stream().filter(s -> s.getServiceAccountToken() != null)
                .anyMatch(s -> tokens.requiresRefresh(TokenKey.of(pod, s.getServiceAccountToken())));
    }

    private void rewrite(Pod pod, Volume volume) {
        String uid = pod.getMetadata().getUid();
        Resolved<VolumeConfig> resolved = SandboxConfigs.volume(contexts.apply(pod), volume);
        Optional<VolumeConfig.Files> files = resolved instanceof Resolved.Ok<VolumeConfig> ok
                && ok.value() instanceof VolumeConfig.Files f ? Optional.of(f) : Optional.empty();
        if (files.isEmpty()) {
            LOG.warn("cannot refresh the token of volume {} of pod {}/{}: {}", volume.getName(),
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName(), resolved);
            return;
        }
        try {
            runtime.updateVolume(uid, files.get());
            LOG.info("refreshed the service-account token in volume {} of pod {}/{}", volume.getName(),
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        } catch (IOException e) {
            LOG.warn("cannot rewrite volume {} of pod {}/{}: {}", volume.getName(), pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }
}
