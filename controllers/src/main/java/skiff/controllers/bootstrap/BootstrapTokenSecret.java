package skiff.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** How the bootstrap controllers read a bootstrap token Secret (k8s.io/cluster-bootstrap/util/secrets, 1.32). */
final class BootstrapTokenSecret {
    static final String NAMESPACE = "kube-system";
    static final String TYPE = "bootstrap.kubernetes.io/token";
    private static final String NAME_PREFIX = "bootstrap-token-";

    private BootstrapTokenSecret() {}

    /** Whether {@code secret} is a bootstrap token Secret the controllers look at: of its type, in kube-system. */
    static boolean isToken(Secret secret) {
        return NAMESPACE.equals(secret.getMetadata().getNamespace()) && TYPE.equals(secret.getType());
    }

    /** GetData: the decoded value of {@code key}, empty when absent or not base64. */
    static String data(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data == null || data.get(key) == null) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * GetExpiration: when the token expires; none never expires, and one that does not parse as RFC 3339 already
     * has ({@code now}).
     */
    static Optional<Instant> expiry(Secret secret, Instant now) {
        String expiration = data(secret, "expiration");
        if (expiration.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(expiration));
        } catch (DateTimeParseException e) {
            return Optional.of(now);
        }
    }

    /** HasExpired: whether the token's expiry is not after {@code now}. */
    static boolean hasExpired(Secret secret, Instant now) {
        return expiry(secret, now).map(expiry -> !expiry.isAfter(now)).orElse(false);
    }

    /** ParseName: the token id in a Secret named {@code bootstrap-token-ID}, ID being six of [a-z0-9]. */
    static Optional<String> idFromName(String name) {
        if (!name.startsWith(NAME_PREFIX)) {
            return Optional.empty();
        }
        String id = name.substring(NAME_PREFIX.length());
        return id.matches("[a-z0-9]{6}") ? Optional.of(id) : Optional.empty();
    }
}
