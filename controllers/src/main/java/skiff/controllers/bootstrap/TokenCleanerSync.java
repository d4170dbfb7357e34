package skiff.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import skiff.api.time.Clock;
import skiff.controllers.framework.SyncResult;

/** One look at one bootstrap token Secret: delete it if it has expired, else look again when it will have. */
final class TokenCleanerSync {
    private final Store<Secret> secrets;
    private final KubernetesClient client;
    private final Clock clock;

    TokenCleanerSync(Store<Secret> secrets, KubernetesClient client, Clock clock) {
        this.secrets = secrets;
        this.client = client;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        Secret secret = secrets.getByKey(key);
        if (secret == null || secret.getMetadata().getDeletionTimestamp() != null) {
            return SyncResult.done();
        }
        // k8s.io/cluster-bootstrap/util/secrets GetExpiration: no expiration never expires; one that does not parse
        // already has.
        String expiration = data(secret.getData(), "expiration");
        if (expiration.isEmpty()) {
            return SyncResult.done();
        }
        Instant now = clock.now();
        Instant expiry;
        try {
            expiry = Instant.parse(expiration);
        } catch (DateTimeParseException e) {
            expiry = now;
        }
        if (expiry.isAfter(now)) {
            return SyncResult.requeueAfter(Duration.between(now, expiry));
        }
        try {
            client.secrets().inNamespace(TokenCleaner.NAMESPACE).withName(secret.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                return SyncResult.retry("delete bootstrap token " + key + ": " + e.getMessage());
            }
        }
        return SyncResult.done();
    }

    private static String data(Map<String, String> data, String key) {
        if (data == null || data.get(key) == null) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
