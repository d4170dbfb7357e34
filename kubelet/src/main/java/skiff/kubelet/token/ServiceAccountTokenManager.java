package skiff.kubelet.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import skiff.api.time.Clock;

/**
 * The kubelet's cache of pod-bound service-account tokens (k/k pkg/kubelet/token/token_manager.go, 1.32): a token is
 * requested once and handed out again until it is within 20% of its lifetime (plus up to 10 s of jitter) of expiring
 * or is 24 hours old, then a new one is requested. Tokens of pods that are gone are forgotten.
 */
public final class ServiceAccountTokenManager {
    private static final Duration MAX_TTL = Duration.ofHours(24);
    private static final Duration MAX_JITTER = Duration.ofSeconds(10);

    private final TokenSource source;
    private final Clock clock;
    private final Map<TokenKey, IssuedToken> cache = new ConcurrentHashMap<>();

    public ServiceAccountTokenManager(TokenSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** The token for {@code key}: the cached one while fresh, else a new one from the API server. */
    public String token(TokenKey key) {
        IssuedToken cached = cache.get(key);
        if (cached != null && !requiresRefresh(key, cached)) {
            return cached.token();
        }
        IssuedToken issued = source.request(key);
        cache.put(key, issued);
        return issued.token();
    }

    /** Whether the cached token for {@code key} is due for replacement now. */
    public boolean requiresRefresh(TokenKey key) {
        IssuedToken cached = cache.get(key);
        return cached == null || requiresRefresh(key, cached);
    }

    /** Drops the tokens of pods that are gone (k/k token_manager.go DeleteServiceAccountToken). */
    public void retainPods(Set<String> podUids) {
        cache.keySet().removeIf(key -> !podUids.contains(key.podUid()));
    }

    // k/k token_manager.go requiresRefresh (1.32).
    private boolean requiresRefresh(TokenKey key, IssuedToken token) {
        Instant now = clock.now();
        Duration lifetime = Duration.ofSeconds(key.expirationSeconds());
        Instant issuedAt = token.expiresAt().minus(lifetime);
        Duration jitter = Duration.ofMillis((long) (ThreadLocalRandom.current().nextDouble()
                * MAX_JITTER.toMillis()));
        if (now.isAfter(issuedAt.plus(MAX_TTL).minus(jitter))) {
            return true;
        }
        return now.isAfter(token.expiresAt().minus(lifetime.multipliedBy(20).dividedBy(100)).minus(jitter));
    }
}
