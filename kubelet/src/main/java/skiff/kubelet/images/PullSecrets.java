package skiff.kubelet.images;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import skiff.image.registry.DockerConfigKeyring;
import skiff.kubelet.config.ApiObjects;
import skiff.kubelet.event.EventRecorder;

/** A pod's {@code imagePullSecrets}, read through the API, and the keyring they make. */
public final class PullSecrets {
    private final ApiObjects objects;
    private final EventRecorder events;

    public PullSecrets(ApiObjects objects, EventRecorder events) {
        this.objects = objects;
        this.events = events;
    }

    /**
     * The pod's pull secrets that exist (k/k pkg/kubelet/kubelet.go v1.32 getPullSecretsForPod): entries without a
     * name are skipped; missing ones give one warning event and the pull goes on without them.
     */
    public List<Secret> forPod(Pod pod) {
        List<Secret> found = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<LocalObjectReference> refs = pod.getSpec().getImagePullSecrets();
        for (LocalObjectReference ref : refs == null ? List.<LocalObjectReference>of() : refs) {
            if (ref.getName() == null || ref.getName().isEmpty()) {
                continue;
            }
            Optional<Secret> secret;
            try {
                secret = objects.secret(pod.getMetadata().getNamespace(), ref.getName());
            } catch (RuntimeException e) {
                secret = Optional.empty();
            }
            secret.ifPresentOrElse(found::add, () -> failed.add(ref.getName()));
        }
        if (!failed.isEmpty()) {
            events.warning(pod, null, "FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets ("
                    + String.join(", ", failed) + "); attempting to pull the image may not succeed.");
        }
        return found;
    }

    /**
     * The credentials of {@code kubernetes.io/dockerconfigjson} and {@code kubernetes.io/dockercfg} secrets (k/k
     * pkg/credentialprovider/secrets/secrets.go MakeDockerKeyring); other types are ignored.
     *
     * @throws IllegalArgumentException naming the secret whose content is not a docker config
     */
    public static DockerConfigKeyring keyring(List<Secret> secrets) {
        DockerConfigKeyring.Builder builder = DockerConfigKeyring.builder();
        for (Secret s : secrets) {
            String key = switch (s.getType() == null ? "" : s.getType()) {
                case "kubernetes.io/dockerconfigjson" -> ".dockerconfigjson";
                case "kubernetes.io/dockercfg" -> ".dockercfg";
                default -> null;
            };
            String data = key == null || s.getData() == null ? null : s.getData().get(key);
            if (data == null) {
                continue;
            }
            try {
                builder.add(Base64.getDecoder().decode(data));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret " + s.getMetadata().getName() + ": " + e.getMessage());
            }
        }
        return builder.build();
    }
}
