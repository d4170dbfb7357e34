package skiff.apiserver.authn;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import skiff.api.time.Clock;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mints the tokens TokenRequest hands out (k/k pkg/registry/core/serviceaccount/storage/token.go, 1.32): for a
 * service account, optionally bound to a pod (and the node it runs on), for some audiences and a lifetime.
 */
public final class ServiceAccountTokenIssuer {
    private final ServiceAccountTokenCodec codec;
    private final Clock clock;

    public ServiceAccountTokenIssuer(ServiceAccountTokenCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    /** A signed token and when it expires. */
    public record IssuedToken(String token, Instant expiresAt) {}

    public IssuedToken issue(ObjectNode serviceAccount, Optional<ObjectNode> pod, Optional<ObjectNode> node,
            List<String> audiences, Duration lifetime) {
        Instant now = clock.now();
        Instant expires = now.plus(lifetime);
        ServiceAccountClaims claims = new ServiceAccountClaims(
                serviceAccount.path("metadata").path("namespace").asString(""), ref(serviceAccount), pod.map(
                ServiceAccountTokenIssuer::ref), node.map(ServiceAccountTokenIssuer::ref), audiences, now, expires,
                UUID.randomUUID().toString());
        return new IssuedToken(codec.sign(claims), expires);
    }

    private static ObjectRef ref(ObjectNode object) {
        return new ObjectRef(object.path("metadata").path("name").asString(""),
                object.path("metadata").path("uid").asString(""));
    }
}
