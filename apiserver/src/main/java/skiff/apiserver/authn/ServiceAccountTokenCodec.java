package skiff.apiserver.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service-account tokens as signed JWTs (RS256) with Kubernetes' private claims under {@code kubernetes.io}
 * (k/k pkg/serviceaccount/claims.go, 1.32), issued and read by one issuer. Signing and verification are
 * nimbus-jose-jwt's.
 */
public final class ServiceAccountTokenCodec {
    /** k/k kube-apiserver --service-account-issuer as kubeadm and k3s set it. */
    public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String PRIVATE_CLAIM = "kubernetes.io";

    private final ServiceAccountSigningKey key;
    private final String issuer;

    public ServiceAccountTokenCodec(ServiceAccountSigningKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public String issuer() {
        return issuer;
    }

    public ServiceAccountSigningKey key() {
        return key;
    }

    public String sign(ServiceAccountClaims claims) {
        Map<String, Object> kubernetes = new LinkedHashMap<>();
        kubernetes.put("namespace", claims.namespace());
        claims.node().ifPresent(node -> kubernetes.put("node", ref(node)));
        claims.pod().ifPresent(pod -> kubernetes.put("pod", ref(pod)));
        kubernetes.put("serviceaccount", ref(claims.serviceAccount()));
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .audience(claims.audiences())
                .expirationTime(Date.from(claims.expiresAt()))
                .issueTime(Date.from(claims.issuedAt()))
                .issuer(issuer)
                .jwtID(claims.id())
                .claim(PRIVATE_CLAIM, kubernetes)
                .notBeforeTime(Date.from(claims.issuedAt()))
                .subject(claims.userName())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.keyId()).build(), set);
        try {
            jwt.sign(new RSASSASigner(key.keys().getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a service-account token", e);
        }
        return jwt.serialize();
    }

    /**
     * The claims of a token this issuer signed; empty when the text is not a JWT of this issuer.
     *
     * @throws AuthenticationException when it names this issuer but its signature or claims are wrong
     */
    public Optional<ServiceAccountClaims> read(String token) {
        SignedJWT jwt;
        JWTClaimsSet set;
        try {
            jwt = SignedJWT.parse(token);
            set = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty();
        }
        // k/k pkg/serviceaccount/jwt.go (1.32) hasCorrectIssuer: a token of another issuer is not ours to judge.
        if (!issuer.equals(set.getIssuer())) {
            return Optional.empty();
        }
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new RSASSAVerifier(key.publicKey()))) {
                throw new AuthenticationException("invalid signature");
            }
        } catch (JOSEException e) {
            throw new AuthenticationException("invalid signature");
        }
        return Optional.of(claims(set));
    }

    private static ServiceAccountClaims claims(JWTClaimsSet set) {
        try {
            Map<String, Object> kubernetes = set.getJSONObjectClaim(PRIVATE_CLAIM);
            if (kubernetes == null || set.getExpirationTime() == null || set.getIssueTime() == null) {
                throw new AuthenticationException("service account token claims are incomplete");
            }
            ObjectRef account = objectRef(kubernetes.get("serviceaccount"))
                    .orElseThrow(() -> new AuthenticationException("service account token has no service account"));
            Object namespace = kubernetes.get("namespace");
            if (!(namespace instanceof String ns) || ns.isEmpty()) {
                throw new AuthenticationException("service account token has no namespace");
            }
            Instant notBefore = set.getNotBeforeTime() == null ? set.getIssueTime().toInstant()
                    : set.getNotBeforeTime().toInstant();
            return new ServiceAccountClaims(ns, account, objectRef(kubernetes.get("pod")),
                    objectRef(kubernetes.get("node")), set.getAudience() == null ? List.of() : set.getAudience(),
                    notBefore, set.getExpirationTime().toInstant(), set.getJWTID() == null ? "" : set.getJWTID());
        } catch (ParseException | ClassCastException e) {
            throw new AuthenticationException("service account token claims are malformed");
        }
    }

    private static Map<String, String> ref(ObjectRef ref) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", ref.name());
        m.put("uid", ref.uid());
        return m;
    }

    private static Optional<ObjectRef> objectRef(Object claim) {
        if (!(claim instanceof Map<?, ?> map) || !(map.get("name") instanceof String name)
                || !(map.get("uid") instanceof String uid)) {
            return Optional.empty();
        }
        return Optional.of(new ObjectRef(name, uid));
    }
}
