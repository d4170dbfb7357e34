package skiff.apiserver.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Bearer-token authentication (k/k apiserver pkg/authentication/request/bearertoken). Health and version paths
 * are open to anonymous callers, as Kubernetes' system:public-info-viewer role allows; a wrong token is refused
 * everywhere.
 */
final class Authenticator {
    private static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version");

    enum Outcome { AUTHENTICATED, ANONYMOUS_ALLOWED, REFUSED }

    private final byte[] token;

    Authenticator(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    Outcome authenticate(String path, String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(given, token) ? Outcome.AUTHENTICATED : Outcome.REFUSED;
        }
        if (authorization == null && isPublic(path)) {
            return Outcome.ANONYMOUS_ALLOWED;
        }
        return Outcome.REFUSED;
    }

    private static boolean isPublic(String path) {
        if (PUBLIC_PATHS.contains(path)) {
            return true;
        }
        return path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/");
    }
}
