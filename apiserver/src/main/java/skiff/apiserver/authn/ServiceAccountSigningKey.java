package skiff.apiserver.authn;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * The RSA key pair that signs service-account tokens (kube-apiserver --service-account-signing-key-file) and its key
 * id, which tokens carry in their header and the JWKS publishes.
 */
public record ServiceAccountSigningKey(KeyPair keys, String keyId) {
    private static final int RSA_BITS = 2048;

    public static ServiceAccountSigningKey of(KeyPair keys) {
        if (!(keys.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("the service-account signing key must be RSA");
        }
        return new ServiceAccountSigningKey(keys, keyId(keys));
    }

    /** A fresh key, for a server that keeps none. */
    public static ServiceAccountSigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return of(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** The JSON Web Key Set of the public key, as /openid/v1/jwks serves it. */
    public Map<String, Object> jwks() {
        return new JWKSet(new RSAKey.Builder(publicKey()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(keyId).build()).toJSONObject(true);
    }

    // k/k pkg/serviceaccount/jwt.go keyIDFromPublicKey (1.32): unpadded base64url of the SHA-256 of the PKIX DER.
    private static String keyId(KeyPair keys) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
