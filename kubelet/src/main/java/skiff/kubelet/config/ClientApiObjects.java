package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Reads ConfigMaps and Secrets with a direct GET when a container starts or a sandbox is made: these reads are rare
 * (once per start) so no informer over every ConfigMap and Secret is kept (k/k pkg/kubelet/configmap and secret
 * managers also fetch per pod rather than caching the whole cluster).
 */
public final class ClientApiObjects implements ApiObjects {
    private final KubernetesClient client;

    public ClientApiObjects(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }
}
