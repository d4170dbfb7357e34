package skiff.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
        Instant now = clock.now();
        Optional<Instant> expiry = BootstrapTokenSecret.expiry(secret, now);
        if (expiry.isEmpty()) {
            return SyncResult.done();
        }
        if (expiry.get().isAfter(now)) {
            return SyncResult.requeueAfter(Duration.between(now, expiry.get()));
        }
        try {
            client.secrets().inNamespace(BootstrapTokenSecret.NAMESPACE).withName(secret.getMetadata().getName())
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                return SyncResult.retry("delete bootstrap token " + key + ": " + e.getMessage());
            }
        }
        return SyncResult.done();
    }
}
