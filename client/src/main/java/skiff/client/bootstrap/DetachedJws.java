package skiff.client.bootstrap;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a bootstrap token puts on the cluster-info kubeconfig (k8s.io/cluster-bootstrap/token/jws, 1.32): a
 * compact JWS, HS256 keyed with the token's secret zero-padded to 32 bytes, whose protected header is
 * {@code {"alg":"HS256","kid":ID}}, with the payload left out ({@code HEADER..SIGNATURE}). The header's bytes must be
 * exactly kubeadm's, so the JDK's HMAC signs them rather than a JOSE library that writes its own header.
 */
public final class DetachedJws {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DetachedJws() {}

    private static final int MIN_KEY_BYTES = 32;

    /** The detached signature of {@code content} with the token {@code tokenId.tokenSecret}. */
    public static String sign(String content, String tokenId, String tokenSecret) {
        // go-jose writes the protected header's members in name order: alg, then kid.
        String header = encode("{\"alg\":\"HS256\",\"kid\":" + jsonString(tokenId) + "}");
        String signingInput = header + "." + encode(content);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] secret = tokenSecret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(Arrays.copyOf(secret, Math.max(secret.length, MIN_KEY_BYTES)), "HmacSHA256"));
            return header + ".." + BASE64URL.encodeToString(mac.doFinal(
                    signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** jws.go DetachedTokenIsValid: whether {@code signature} is exactly what the token makes of {@code content}. */
    public static boolean isValid(String signature, String content, String tokenId, String tokenSecret) {
        return MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                sign(content, tokenId, tokenSecret).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // Token ids are [a-z0-9]{6}; anything else is escaped as Go's encoding/json would need it to be.
    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
