package skiff.apiserver.authn;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.api.time.Clock;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bound service-account tokens (kube-apiserver --service-account-key-file with TokenRequest tokens): a token this
 * server signed, within its lifetime, meant for one of the server's audiences, whose service account, and pod if it
 * is bound to one, still exist with the uids it names.
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {
    // go-jose jwt.DefaultLeeway, which k/k pkg/serviceaccount/claims.go Validate (1.32) relies on.
    static final Duration LEEWAY = Duration.ofMinutes(1);
    static final String POD_NAME = "authentication.kubernetes.io/pod-name";
    static final String POD_UID = "authentication.kubernetes.io/pod-uid";
    static final String NODE_NAME = "authentication.kubernetes.io/node-name";
    static final String NODE_UID = "authentication.kubernetes.io/node-uid";
    static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    private final ServiceAccountTokenCodec codec;
    private final List<String> audiences;
    private final ObjectLookup objects;
    private final Clock clock;

    /** @param audiences the audiences the server accepts (--api-audiences; the issuer by default) */
    public ServiceAccountTokenAuthenticator(ServiceAccountTokenCodec codec, List<String> audiences,
            ObjectLookup objects, Clock clock) {
        this.codec = codec;
        this.audiences = List.copyOf(audiences);
        this.objects = objects;
        this.clock = clock;
    }

    public List<String> audiences() {
        return audiences;
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        return authenticate(token, audiences);
    }

    /** As {@link #authenticate(String)}, for a token meant for one of {@code wanted} (TokenReview's audiences). */
    public Optional<UserInfo> authenticate(String token, List<String> wanted) {
        Optional<ServiceAccountClaims> read = codec.read(token);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ServiceAccountClaims claims = read.get();
        checkTime(claims);
        // k/k apiserver pkg/authentication/token/... audience-agnostic check: the token must share an audience.
        if (claims.audiences().stream().noneMatch(wanted::contains)) {
            throw new AuthenticationException("token audiences " + quoted(claims.audiences())
                    + " is invalid for the target audiences " + quoted(wanted));
        }
        checkObjects(claims);
        return Optional.of(user(claims));
    }

    // k/k pkg/serviceaccount/claims.go validator.Validate (1.32): messages as there.
    private void checkTime(ServiceAccountClaims claims) {
        Instant now = clock.now();
        if (now.isAfter(claims.expiresAt().plus(LEEWAY))) {
            throw new AuthenticationException("service account token has expired");
        }
        if (now.plus(LEEWAY).isBefore(claims.issuedAt())) {
            throw new AuthenticationException("service account token is not valid yet");
        }
    }

    private void checkObjects(ServiceAccountClaims claims) {
        String namespace = claims.namespace();
        ObjectRef account = claims.serviceAccount();
        ObjectNode stored = objects.serviceAccount(namespace, account.name()).orElseThrow(
                () -> new AuthenticationException("serviceaccounts \"" + account.name() + "\" not found"));
        if (!uid(stored).equals(account.uid())) {
            throw new AuthenticationException("service account UID (" + uid(stored) + ") does not match claim ("
                    + account.uid() + ")");
        }
        if (claims.pod().isPresent()) {
            ObjectRef pod = claims.pod().get();
            ObjectNode storedPod = objects.pod(namespace, pod.name()).orElseThrow(
                    () -> new AuthenticationException("pods \"" + pod.name() + "\" not found"));
            if (!uid(storedPod).equals(pod.uid())) {
                throw new AuthenticationException("pod UID (" + uid(storedPod) + ") does not match claim ("
                        + pod.uid() + ")");
            }
        }
    }

    private static UserInfo user(ServiceAccountClaims claims) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        claims.pod().ifPresent(pod -> {
            extra.put(POD_NAME, List.of(pod.name()));
            extra.put(POD_UID, List.of(pod.uid()));
        });
        claims.node().ifPresent(node -> {
            extra.put(NODE_NAME, List.of(node.name()));
            extra.put(NODE_UID, List.of(node.uid()));
        });
        if (!claims.id().isEmpty()) {
            extra.put(CREDENTIAL_ID, List.of("JTI=" + claims.id()));
        }
        return new UserInfo(claims.userName(), claims.serviceAccount().uid(),
                ServiceAccountUsers.groups(claims.namespace()), extra);
    }

    private static String uid(ObjectNode object) {
        return object.path("metadata").path("uid").asString("");
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").toList().toString().replace(",", "");
    }
}
