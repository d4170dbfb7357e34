package skiff.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import skiff.api.time.Clock;
import skiff.client.bootstrap.DetachedJws;
import skiff.controllers.framework.SyncResult;

/** One signing of cluster-info from the cached ConfigMap and token Secrets, written back only if it changed. */
final class BootstrapSignerSync {
    static final String KUBECONFIG_KEY = "kubeconfig";
    static final String SIGNATURE_PREFIX = "jws-kubeconfig-";

    private final Store<ConfigMap> configMaps;
    private final Store<Secret> secrets;
    private final KubernetesClient client;
    private final Clock clock;

    BootstrapSignerSync(Store<ConfigMap> configMaps, Store<Secret> secrets, KubernetesClient client, Clock clock) {
        this.configMaps = configMaps;
        this.secrets = secrets;
        this.client = client;
        this.clock = clock;
    }

    SyncResult sync() {
        ConfigMap clusterInfo = configMaps.getByKey(BootstrapSigner.KEY);
        if (clusterInfo == null) {
            return SyncResult.done();
        }
        Instant now = clock.now();
        Collection<Secret> tokens = secrets.list().stream().filter(BootstrapTokenSecret::isToken).toList();
        Optional<Map<String, String>> signed = signedData(clusterInfo.getData(), tokens, now);
        if (signed.isPresent()) {
            ConfigMap updated = Serialization.clone(clusterInfo);
            updated.setData(signed.get());
            try {
                client.configMaps().inNamespace(BootstrapSigner.CONFIG_MAP_NAMESPACE).resource(updated).update();
            } catch (KubernetesClientException e) {
                // bootstrapsigner.go updateConfigMap: a conflict or a deleted ConfigMap comes back as an event.
                if (e.getCode() != 409 && e.getCode() != 404) {
                    return SyncResult.retry("update " + BootstrapSigner.KEY + ": " + e.getMessage());
                }
            }
        }
        // Kubernetes leaves an expired token's signature to the token cleaner's deletion; looking again when the next
        // token expires removes it even with that controller off.
        return nextExpiry(tokens, now).map(expiry -> SyncResult.requeueAfter(Duration.between(now, expiry)))
                .orElse(SyncResult.done());
    }

    /**
     * bootstrapsigner.go signConfigMap: the ConfigMap's data with one signature of its kubeconfig per token valid
     * for signing and no other, or empty when that is what it already holds (or it has no kubeconfig to sign).
     */
    static Optional<Map<String, String>> signedData(Map<String, String> data, Collection<Secret> tokens,
            Instant now) {
        if (data == null || !data.containsKey(KUBECONFIG_KEY)) {
            return Optional.empty();
        }
        String content = data.get(KUBECONFIG_KEY);
        Map<String, String> signed = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if (!key.startsWith(SIGNATURE_PREFIX)) {
                signed.put(key, value);
            }
        });
        validForSigning(tokens, now).forEach((id, secret) ->
                signed.put(SIGNATURE_PREFIX + id, DetachedJws.sign(content, id, secret)));
        return signed.equals(data) ? Optional.empty() : Optional.of(signed);
    }

    // bootstrapsigner.go getTokens and util.go validateSecretForSigning: named after its id, with a secret, not
    // expired, meant for signing; the first of duplicate ids wins.
    private static Map<String, String> validForSigning(Collection<Secret> tokens, Instant now) {
        Map<String, String> valid = new TreeMap<>();
        for (Secret token : tokens) {
            Optional<String> nameId = BootstrapTokenSecret.idFromName(token.getMetadata().getName());
            String id = BootstrapTokenSecret.data(token, "token-id");
            String secret = BootstrapTokenSecret.data(token, "token-secret");
            if (nameId.isPresent() && nameId.get().equals(id) && !secret.isEmpty()
                    && !BootstrapTokenSecret.hasExpired(token, now)
                    && "true".equals(BootstrapTokenSecret.data(token, "usage-bootstrap-signing"))) {
                valid.putIfAbsent(id, secret);
            }
        }
        return valid;
    }

    private static Optional<Instant> nextExpiry(Collection<Secret> tokens, Instant now) {
        return tokens.stream().flatMap(token -> BootstrapTokenSecret.expiry(token, now).stream())
                .filter(expiry -> expiry.isAfter(now)).min(Instant::compareTo);
    }
}
