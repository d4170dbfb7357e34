package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;
import skiff.kubelet.token.TokenKey;

/** The API objects a pod's environment and volumes refer to. */
public interface ApiObjects {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /**
     * A token for a projected serviceAccountToken source; empty where no API server issues tokens (a kubelet's
     * tests of its own configuration).
     *
     * @throws RuntimeException when the API server refuses the TokenRequest or cannot be reached
     */
    default Optional<String> serviceAccountToken(TokenKey key) {
        return Optional.empty();
    }

    /** The Services known so far, of every namespace; none where no API server is known. */
    default List<Service> services() {
        return List.of();
    }

    /**
     * Whether the Services have been listed at least once; true where no API server is known, as a kubelet without
     * one sets no Service variables (k/k 1.32 pkg/kubelet/kubelet.go NewMainKubelet serviceHasSynced).
     */
    default boolean servicesSynced() {
        return true;
    }

    /** A claim a pod's persistentVolumeClaim volume names; empty when there is none (or no API server). */
    default Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
        return Optional.empty();
    }

    /** The volume a bound claim names; empty when there is none (or no API server). */
    default Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.empty();
    }

    ApiObjects NONE = new ApiObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.empty();
        }
    };
}
