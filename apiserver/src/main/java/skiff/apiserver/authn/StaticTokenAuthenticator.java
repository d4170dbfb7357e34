package skiff.apiserver.authn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import skiff.apiserver.auth.UserInfo;

/**
 * One fixed token standing for one user, as a line of kube-apiserver's --token-auth-file: the admin token of the
 * data directory, kept so that kubeconfigs written before client certificates keep working.
 */
public final class StaticTokenAuthenticator implements TokenAuthenticator {
    private final byte[] token;
    private final UserInfo user;

    public StaticTokenAuthenticator(String token, UserInfo user) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.user = user;
    }

    @Override
    public Optional<UserInfo> authenticate(String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token) ? Optional.of(user)
                : Optional.empty();
    }
}
