package skiff.apiserver.authn;

import java.util.Optional;
import skiff.apiserver.auth.UserInfo;

/** One kind of bearer token (k/k apiserver pkg/authentication/authenticator.Token, 1.32). */
public interface TokenAuthenticator {
    /**
     * The user the token proves; empty when the token is not of this kind.
     *
     * @throws AuthenticationException when it is of this kind but invalid (forged, expired, revoked)
     */
    Optional<UserInfo> authenticate(String token);
}
