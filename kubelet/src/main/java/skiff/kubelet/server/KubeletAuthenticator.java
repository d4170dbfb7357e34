package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who calls the kubelet's API, as a kubelet with {@code --client-ca-file}, {@code --authentication-token-webhook}
 * and anonymous access off finds out (k/k pkg/kubelet/apis/config authentication and
 * pkg/kubelet/server/server.go InstallAuthFilter, 1.32): a client certificate issued by the cluster CA names the
 * caller; otherwise a bearer token does, if the API server vouches for it in a TokenReview; otherwise no one does
 * and the caller gets 401.
 */
public final class KubeletAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletAuthenticator.class);
    private static final String BEARER = "bearer ";
    private final KubernetesClient client;

    public KubeletAuthenticator(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The caller named by its verified {@code certificate}, else by the bearer token of its {@code authorization}
     * header (null if none); empty when neither names anyone.
     */
    Optional<Caller> authenticate(Optional<Caller> certificate, String authorization) {
        if (certificate.isPresent()) {
            return certificate;
        }
        // apiserver pkg/authentication/request/bearertoken: the scheme is case-insensitive, an empty token is none.
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : review(token);
    }

    private Optional<Caller> review(String token) {
        TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
        try {
            TokenReview answer = client.authentication().v1().tokenReviews().create(review);
            if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())) {
                return Optional.empty();
            }
            UserInfo user = answer.getStatus().getUser();
            if (user == null || user.getUsername() == null || user.getUsername().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Caller(user.getUsername(),
                    user.getGroups() == null ? List.of() : user.getGroups()));
        } catch (KubernetesClientException e) {
            LOG.warn("cannot review a bearer token: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
