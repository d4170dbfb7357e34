package skiff.apiserver.authn;

/**
 * Credentials of a kind an authenticator reads were presented but prove nothing: a token or certificate that is
 * malformed, forged, expired or revoked. The request is refused with 401, never treated as anonymous (k/k
 * apiserver pkg/authentication/request/union, 1.32: an error from the chain is not anonymous).
 */
public final class AuthenticationException extends RuntimeException {
    public AuthenticationException(String message) {
        super(message);
    }
}
