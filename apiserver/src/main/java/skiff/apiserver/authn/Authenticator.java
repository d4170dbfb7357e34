package skiff.apiserver.authn;

import java.util.Optional;
import skiff.apiserver.auth.UserInfo;

/** One way of telling who sends a request (k/k apiserver pkg/authentication/authenticator.Request, 1.32). */
public interface Authenticator {
    /**
     * The user the credentials prove; empty when they carry nothing this authenticator reads.
     *
     * @throws AuthenticationException when they carry something it reads that proves nothing
     */
    Optional<UserInfo> authenticate(Credentials credentials);
}
