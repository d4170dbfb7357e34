package skiff.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.api.time.Clock;
import skiff.apiserver.auth.UserInfo;

/**
 * The API server's authentication (k/k pkg/kubeapiserver/authenticator/config.go, 1.32, in its order): client
 * certificates signed by the cluster CA, then bearer tokens (the admin token, service-account tokens, bootstrap
 * tokens), then anonymous. Also the service-account token issuer, which TokenRequest uses and OIDC discovery describes.
 */
public final class Authentication {
    /** The user the admin token and the admin kubeconfig's certificate stand for. */
    public static final String ADMIN_USER = "skiff-admin";

    private final AuthenticatorChain chain;
    private final BearerTokenAuthenticator tokens;
    private final ServiceAccountTokenAuthenticator serviceAccounts;
    private final ServiceAccountTokenIssuer issuer;
    private final ServiceAccountTokenCodec codec;

    /**
     * @param adminToken the data directory's admin bearer token, for {@value #ADMIN_USER} in system:masters
     * @param clientCa the CA whose client certificates are accepted; none turns certificates off
     */
    public Authentication(String adminToken, Optional<X509Certificate> clientCa, ServiceAccountSigningKey key,
            ObjectLookup objects, Clock clock) {
        this.codec = new ServiceAccountTokenCodec(key, ServiceAccountTokenCodec.DEFAULT_ISSUER);
        this.serviceAccounts = new ServiceAccountTokenAuthenticator(codec, List.of(codec.issuer()), objects, clock);
        this.tokens = new BearerTokenAuthenticator(List.of(
                new StaticTokenAuthenticator(adminToken, UserInfo.of(ADMIN_USER, List.of(UserInfo.MASTERS))),
                serviceAccounts, new BootstrapTokenAuthenticator(objects, clock)));
        List<Authenticator> authenticators = new ArrayList<>();
        clientCa.ifPresent(ca -> authenticators.add(new ClientCertificateAuthenticator(ca, clock)));
        authenticators.add(tokens);
        this.chain = new AuthenticatorChain(authenticators);
        this.issuer = new ServiceAccountTokenIssuer(codec, clock);
    }

    /** @throws AuthenticationException when the credentials presented prove no one */
    public UserInfo authenticate(Credentials credentials) {
        return chain.authenticate(credentials);
    }

    /**
     * The user a bearer token proves, for TokenReview: audiences empty means the server's own.
     *
     * @throws AuthenticationException when it proves no one
     */
    public UserInfo reviewToken(String token, List<String> audiences) {
        if (audiences.isEmpty() || audiences.equals(serviceAccounts.audiences())) {
            return AuthenticatorChain.withAuthenticatedGroup(tokens.authenticateToken(token));
        }
        return AuthenticatorChain.withAuthenticatedGroup(serviceAccounts.authenticate(token, audiences)
                .orElseThrow(() -> new AuthenticationException("invalid bearer token")));
    }

    /** The audiences tokens are meant for unless a request names others (--api-audiences: the issuer). */
    public List<String> apiAudiences() {
        return serviceAccounts.audiences();
    }

    public ServiceAccountTokenIssuer issuer() {
        return issuer;
    }

    public ServiceAccountTokenCodec tokenCodec() {
        return codec;
    }
}
