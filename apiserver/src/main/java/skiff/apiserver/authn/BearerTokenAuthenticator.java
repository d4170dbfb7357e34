package skiff.apiserver.authn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.apiserver.auth.UserInfo;

/**
 * Reads {@code Authorization: Bearer TOKEN} and asks each token authenticator in turn; the first that knows the
 * token decides. A header of another scheme, or an empty token, is no credential at all.
 */
public final class BearerTokenAuthenticator implements Authenticator {
    private static final String PREFIX = "bearer ";
    private final List<TokenAuthenticator> tokens;

    public BearerTokenAuthenticator(List<TokenAuthenticator> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    @Override
    public Optional<UserInfo> authenticate(Credentials credentials) {
        String header = credentials.authorization().strip();
        // k/k apiserver pkg/authentication/request/bearertoken/bearertoken.go (1.32): another scheme or an empty
        // token is not handled; a token no authenticator accepts is "invalid bearer token".
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(PREFIX.length()).strip();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(authenticateToken(token));
    }

    /** The user a bare token proves, as TokenReview asks. @throws AuthenticationException when none accepts it */
    public UserInfo authenticateToken(String token) {
        List<String> errors = new ArrayList<>();
        for (TokenAuthenticator authenticator : tokens) {
            try {
                Optional<UserInfo> user = authenticator.authenticate(token);
                if (user.isPresent()) {
                    return user.get();
                }
            } catch (AuthenticationException e) {
                errors.add(e.getMessage());
            }
        }
        throw new AuthenticationException(errors.isEmpty() ? "invalid bearer token"
                : "invalid bearer token, " + String.join(", ", errors));
    }
}
