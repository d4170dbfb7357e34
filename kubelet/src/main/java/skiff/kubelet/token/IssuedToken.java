package skiff.kubelet.token;

import java.time.Instant;

/** A token the API server issued through TokenRequest and when it expires. */
public record IssuedToken(String token, Instant expiresAt) {}
