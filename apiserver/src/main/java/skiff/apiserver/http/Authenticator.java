package skiff.apiserver.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;

/**
 * Bearer-token authentication (k/k apiserver pkg/authentication/request/bearertoken): the admin token is a member
 * of {@code system:masters}; a request without credentials is {@code system:anonymous} (k/k apiserver
 * pkg/authentication/request/anonymous, 1.32), which authorization then judges; a wrong token is refused.
 */
final class Authenticator {
    static final UserInfo ADMIN = UserInfo.of("kubernetes-admin",
            List.of(UserInfo.MASTERS, UserInfo.ALL_AUTHENTICATED));
    static final UserInfo ANONYMOUS = UserInfo.of(UserInfo.ANONYMOUS, List.of(UserInfo.ALL_UNAUTHENTICATED));

    private final byte[] token;

    Authenticator(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Who sent {@code authorization} (the header, null when absent); a 401 when it names no one. */
    UserInfo authenticate(String authorization) {
        if (authorization == null) {
            return ANONYMOUS;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, token)) {
                return ADMIN;
            }
        }
        throw StatusException.unauthorized();
    }
}
