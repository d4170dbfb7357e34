package skiff.kubelet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class ServiceAccountTokenManagerTest {
    private static final TokenKey KEY = new TokenKey("ns1", "default", "web", "pod-uid", "", 3600);
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<TokenKey> requests = new ArrayList<>();
    private final ServiceAccountTokenManager manager = new ServiceAccountTokenManager(key -> {
        requests.add(key);
        return new IssuedToken("token-" + requests.size(),
                clock.now().plus(Duration.ofSeconds(key.expirationSeconds())));
    }, clock);

    @Test
    void aTokenIsReusedUntilEightyPercentOfItsLifetime() {
        String first = manager.token(KEY);
        clock.advance(Duration.ofMinutes(47));
        String stillFirst = manager.token(KEY);
        clock.advance(Duration.ofMinutes(2));
        String second = manager.token(KEY);

        assertThat(first).isEqualTo("token-1");
        assertThat(stillFirst).isEqualTo("token-1");
        assertThat(second).isEqualTo("token-2");
        assertThat(requests).containsExactly(KEY, KEY);
    }

    @Test
    void eachPodAndAudienceHasItsOwnToken() {
        manager.token(KEY);
        manager.token(new TokenKey("ns1", "default", "web", "pod-uid", "vault", 3600));
        manager.token(new TokenKey("ns1", "default", "api", "other-uid", "", 3600));

        assertThat(requests).hasSize(3);
    }

    @Test
    void aForgottenPodsTokenIsRequestedAgain() {
        manager.token(KEY);
        manager.retainPods(Set.of("other-uid"));

        assertThat(manager.requiresRefresh(KEY)).isTrue();
        assertThat(manager.token(KEY)).isEqualTo("token-2");
    }

    @Test
    void aRefusedRequestIsTheCallersToReport() {
        ServiceAccountTokenManager refusing = new ServiceAccountTokenManager(key -> {
            throw new IllegalStateException("serviceaccounts \"default\" not found");
        }, clock);

        assertThatThrownBy(() -> refusing.token(KEY)).hasMessageContaining("not found");
    }
}
