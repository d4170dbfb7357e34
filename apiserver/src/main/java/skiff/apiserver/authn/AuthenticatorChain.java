package skiff.apiserver.authn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.apiserver.auth.UserInfo;

/**
 * Every request's authentication: the authenticators in order, the first that proves a user wins; when none does
 * and one found its credentials invalid, the request is refused; when the request carries no credentials at all it
 * is anonymous. Authorization then decides what the user, anonymous included, may do.
 */
public final class AuthenticatorChain {
    public static final UserInfo ANONYMOUS =
            UserInfo.of(UserInfo.ANONYMOUS, List.of(UserInfo.ALL_UNAUTHENTICATED));

    private final List<Authenticator> authenticators;

    public AuthenticatorChain(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    /**
     * Who sends a request with these credentials.
     *
     * @throws AuthenticationException when credentials were presented and none proves a user
     */
    public UserInfo authenticate(Credentials credentials) {
        List<String> errors = new ArrayList<>();
        // k/k apiserver pkg/authentication/request/union/union.go (1.32): the first success wins, errors count only
        // when nothing succeeds; pkg/kubeapiserver/authenticator/config.go then adds the anonymous authenticator
        // behind a fail-on-error union, and group.AuthenticatedGroupAdder adds system:authenticated.
        for (Authenticator authenticator : authenticators) {
            try {
                Optional<UserInfo> user = authenticator.authenticate(credentials);
                if (user.isPresent()) {
                    return withAuthenticatedGroup(user.get());
                }
            } catch (AuthenticationException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new AuthenticationException(String.join("; ", errors));
        }
        return ANONYMOUS;
    }

    /** Adds {@value UserInfo#ALL_AUTHENTICATED} unless the user already is in it or in the unauthenticated group. */
    public static UserInfo withAuthenticatedGroup(UserInfo user) {
        if (user.inGroup(UserInfo.ALL_AUTHENTICATED) || user.inGroup(UserInfo.ALL_UNAUTHENTICATED)) {
            return user;
        }
        List<String> groups = new ArrayList<>(user.groups());
        groups.add(UserInfo.ALL_AUTHENTICATED);
        return new UserInfo(user.name(), user.uid(), groups, user.extra());
    }
}
