package skiff.kubelet.token;

/** Asks the API server for a token (the serviceaccounts/token subresource). */
@FunctionalInterface
public interface TokenSource {
    /** @throws RuntimeException when the API server refuses or cannot be reached */
    IssuedToken request(TokenKey key);
}
