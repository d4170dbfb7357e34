package skiff.apiserver.security;

import java.time.Duration;
import java.time.Instant;

/** Whether a serving certificate kept from an earlier start can serve again, and if not, why a new one is issued. */
enum ServingCertificateStatus {
    USABLE,
    /** There is none on disk, or what is there cannot be read. */
    MISSING,
    /** The key on disk is not the key the certificate certifies. */
    KEY_MISMATCH,
    /** The cluster CA did not sign it (the certificate was replaced by hand, or the CA was). */
    NOT_ISSUED_BY_CA,
    /** The server now answers on a DNS name or IP address the certificate does not list. */
    MISSING_NAMES,
    /** Its validity starts in the future (the clock was set back). */
    NOT_YET_VALID,
    /** It has expired or expires within the renewal window. */
    EXPIRING;

    // docs docs.k3s.io/cli/certificate: the server renews leaf certificates near expiry when it starts.
    // k3s uses 90 days; Skiff's leaf certificates are renewed within 30.
    static final Duration RENEWAL_WINDOW = Duration.ofDays(30);

    boolean usable() {
        return this == USABLE;
    }

    static ServingCertificateStatus review(
            IssuedCertificate serving, CertificateAuthority ca, SubjectAlternativeNames requested, Instant now) {
        // 1. The key must be the one the certificate certifies, or the TLS handshake fails.
        if (!KeyPairs.belongTogether(serving.privateKey(), serving.certificate().getPublicKey())) {
            return KEY_MISMATCH;
        }
        // 2. Clients trust only the cluster CA, so the certificate must chain to it.
        if (!ca.issued(serving.certificate())) {
            return NOT_ISSUED_BY_CA;
        }
        // 3. Hostname verification fails for any address the certificate does not name.
        if (!SubjectAlternativeNames.of(serving.certificate()).covers(requested)) {
            return MISSING_NAMES;
        }
        // 4. Clients reject a certificate whose validity has not begun.
        if (now.isBefore(serving.certificate().getNotBefore().toInstant())) {
            return NOT_YET_VALID;
        }
        // 5. It must stay valid for the whole renewal window, so a server running for weeks never serves it expired.
        if (serving.certificate().getNotAfter().toInstant().isBefore(now.plus(RENEWAL_WINDOW))) {
            return EXPIRING;
        }
        return USABLE;
    }
}
