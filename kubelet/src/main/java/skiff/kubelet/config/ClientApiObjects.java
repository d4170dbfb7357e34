package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import skiff.api.time.Clock;
import skiff.kubelet.token.IssuedToken;
import skiff.kubelet.token.ServiceAccountTokenManager;
import skiff.kubelet.token.TokenKey;

/**
 * Reads ConfigMaps, Secrets, claims and their volumes with a direct GET when a container starts or a sandbox is
 * made: these reads are rare (once per start) so no informer over every ConfigMap and Secret is kept (k/k pkg/kubelet/configmap and secret
 * managers also fetch per pod rather than caching the whole cluster). Services, which every container's environment
 * needs, come from an informer over all of them, as the kubelet's service lister does.
 */
public final class ClientApiObjects implements ApiObjects {
    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;
    private final ServiceAccountTokenManager tokens;

    /** @param services an informer over every Service, started by the caller */
    public ClientApiObjects(KubernetesClient client, SharedIndexInformer<Service> services, Clock clock) {
        this.client = client;
        this.services = services;
        this.tokens = new ServiceAccountTokenManager(this::requestToken, clock);
    }

    /** The tokens handed to pods' projected volumes, cached until due for refresh. */
    public ServiceAccountTokenManager tokens() {
        return tokens;
    }

    @Override
    public Optional<String> serviceAccountToken(TokenKey key) {
        return Optional.of(tokens.token(key));
    }

    // k/k pkg/volume/projected projected.go: a TokenRequest bound to the pod, for the source's audience.
    private IssuedToken requestToken(TokenKey key) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(key.audience().isEmpty() ? List.of() : List.of(key.audience()))
                .withExpirationSeconds(key.expirationSeconds())
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(key.podName())
                .withUid(key.podUid()).endBoundObjectRef().endSpec().build();
        TokenRequest issued = client.serviceAccounts().inNamespace(key.namespace()).withName(key.serviceAccount())
                .tokenRequest(request);
        return new IssuedToken(issued.getStatus().getToken(),
                Instant.parse(issued.getStatus().getExpirationTimestamp()));
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
        return Optional.ofNullable(client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(client.persistentVolumes().withName(name).get());
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<Service> services() {
        return services.getStore().list();
    }

    @Override
    public boolean servicesSynced() {
        return services.hasSynced();
    }
}
