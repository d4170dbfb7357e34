package skiff.apiserver.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * The credentials {@code skiff server} creates on its first start and keeps across restarts, under the data directory:
 *
 * <pre>
 * tls/ca.crt        cluster CA certificate                (0644)
 * tls/ca.key        cluster CA key, PKCS#8                (0600)
 * tls/serving.crt   API server certificate, signed by the CA (0644)
 * tls/serving.key   API server key, PKCS#8                (0600)
 * tls/admin.crt     client certificate of the administrator, CN skiff-admin, O system:masters (0644)
 * tls/admin.key     its RSA key, PKCS#8                   (0600)
 * tls/service-account.key  RSA key signing service-account tokens, PKCS#8 (0600)
 * token             admin bearer token, 64 hex characters (0600)
 * </pre>
 *
 * The CA, the service-account key and the token never change once created; the admin certificate is issued again
 * when it is missing, unreadable, not the CA's or expiring within the renewal window. The serving certificate is issued again, from the same CA, when it
 * does not list every requested DNS name and IP address, when it expires within
 * {@link ServingCertificateStatus#RENEWAL_WINDOW}, or when it or its key is missing, unreadable or mismatched.
 */
public final class ClusterCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCredentials.class);
    private static final int TOKEN_BYTES = 32;
    public static final String KUBELET_CLIENT = "kube-apiserver-kubelet-client";
    /** The administrator the admin kubeconfig's client certificate names, in system:masters. */
    public static final String ADMIN_USER = "skiff-admin";

    private final CredentialPaths paths;
    private final CertificateAuthority ca;
    private final IssuedCertificate serving;
    private final String adminToken;
    private final IssuedCertificate admin;
    private final KeyPair serviceAccountKey;

    private ClusterCredentials(CredentialPaths paths, CertificateAuthority ca, IssuedCertificate serving,
            String adminToken, IssuedCertificate admin, KeyPair serviceAccountKey) {
        this.paths = paths;
        this.ca = ca;
        this.serving = serving;
        this.adminToken = adminToken;
        this.admin = admin;
        this.serviceAccountKey = serviceAccountKey;
    }

    public static ClusterCredentials loadOrCreate(Path dataDir, Set<String> dnsNames, Set<String> ipAddresses) {
        return loadOrCreate(dataDir, dnsNames, ipAddresses, Clock.system());
    }

    /**
     * Loads the credentials under {@code dataDir}, creating whatever is missing and reissuing the serving certificate
     * when it no longer fits.
     *
     * @throws IllegalArgumentException when a requested name is malformed or both sets are empty
     * @throws IllegalStateException when stored CA or token files are damaged (Skiff never replaces those by itself)
     * @throws java.io.UncheckedIOException when a file cannot be read or written
     */
    public static ClusterCredentials loadOrCreate(
            Path dataDir, Set<String> dnsNames, Set<String> ipAddresses, Clock clock) {
        SubjectAlternativeNames requested = SubjectAlternativeNames.of(dnsNames, ipAddresses);
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("the serving certificate needs at least one DNS name or IP address");
        }
        CredentialPaths paths = new CredentialPaths(dataDir);
        CredentialFile.createPrivateDirectory(paths.dataDirectory());
        CredentialFile.createPrivateDirectory(paths.tlsDirectory());
        paths.secrets().forEach(CredentialFile::keepSecret);
        CertificateAuthority ca = loadOrCreateAuthority(paths, clock);
        IssuedCertificate serving = loadOrIssueServing(paths, ca, requested, clock);
        String token = loadOrCreateToken(paths);
        IssuedCertificate admin = loadOrIssueAdmin(paths, ca, clock);
        KeyPair serviceAccountKey = loadOrCreateServiceAccountKey(paths);
        return new ClusterCredentials(paths, ca, serving, token, admin, serviceAccountKey);
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public String caCertificatePem() {
        return ca.certificatePem();
    }

    public X509Certificate servingCertificate() {
        return serving.certificate();
    }

    public String servingCertificatePem() {
        return serving.certificatePem();
    }

    /** The serving key as an unencrypted PKCS#8 {@code PRIVATE KEY} block, as Vert.x's PemKeyCertOptions reads it. */
    public String servingKeyPem() {
        return serving.privateKeyPem();
    }

    /**
     * A fresh client certificate for the API server to present to kubelets (k/k kube-apiserver
     * --kubelet-client-certificate), CN {@value #KUBELET_CLIENT} in group system:masters. It lives in memory only.
     */
    public IssuedCertificate issueKubeletClientCertificate() {
        return ca.issueClientCertificate(KUBELET_CLIENT, Set.of("system:masters"));
    }

    /** The administrator's client certificate (CN {@value #ADMIN_USER}, O system:masters) and RSA key. */
    public IssuedCertificate adminCertificate() {
        return admin;
    }

    /** The RSA key pair that signs service-account tokens (kube-apiserver --service-account-signing-key-file). */
    public KeyPair serviceAccountKey() {
        return serviceAccountKey;
    }

    /** The bearer token that authenticates as the cluster administrator. */
    public String adminToken() {
        return adminToken;
    }

    public Path tokenFile() {
        return paths.token();
    }

    public Path caCertificateFile() {
        return paths.caCertificate();
    }

    public Path servingCertificateFile() {
        return paths.servingCertificate();
    }

    public Path servingKeyFile() {
        return paths.servingKey();
    }

    private static CertificateAuthority loadOrCreateAuthority(CredentialPaths paths, Clock clock) {
        // The key is written before the certificate, so a lone key is what an interrupted first start leaves behind.
        if (Files.exists(paths.caCertificate())) {
            if (!Files.exists(paths.caKey())) {
                throw new IllegalStateException(
                        paths.caCertificate() + " exists but its key " + paths.caKey() + " does not");
            }
            try {
                return CertificateAuthority.fromPem(
                        CredentialFile.read(paths.caCertificate()), CredentialFile.read(paths.caKey()), clock);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the cluster CA in " + paths.tlsDirectory() + " is unusable", e);
            }
        }
        CertificateAuthority ca = CertificateAuthority.generate(clock);
        CredentialFile.writeSecret(paths.caKey(), ca.privateKeyPem());
        CredentialFile.writePublic(paths.caCertificate(), ca.certificatePem());
        LOG.info("generated cluster CA file={}", paths.caCertificate());
        return ca;
    }

    private static IssuedCertificate loadOrIssueServing(
            CredentialPaths paths, CertificateAuthority ca, SubjectAlternativeNames requested, Clock clock) {
        Optional<IssuedCertificate> stored = storedServing(paths);
        ServingCertificateStatus status = stored
                .map(certificate -> ServingCertificateStatus.review(certificate, ca, requested, clock.now()))
                .orElse(ServingCertificateStatus.MISSING);
        if (status.usable()) {
            return stored.orElseThrow();
        }
        IssuedCertificate serving = ca.issueServingCertificate(requested.dnsNames(), requested.ipAddresses());
        CredentialFile.writeSecret(paths.servingKey(), serving.privateKeyPem());
        CredentialFile.writePublic(paths.servingCertificate(), serving.certificatePem());
        LOG.info("issued serving certificate reason={} dnsNames={} ipAddresses={} notAfter={}",
                status, requested.dnsNames(), requested.ipAddresses(), serving.certificate().getNotAfter().toInstant());
        return serving;
    }

    private static Optional<IssuedCertificate> storedServing(CredentialPaths paths) {
        if (!Files.exists(paths.servingCertificate()) || !Files.exists(paths.servingKey())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IssuedCertificate(
                    PemCodec.decodeCertificate(CredentialFile.read(paths.servingCertificate())),
                    PemCodec.decodePrivateKey(CredentialFile.read(paths.servingKey()))));
        } catch (IllegalArgumentException e) {
            LOG.warn("stored serving certificate is unreadable file={} error={}",
                    paths.servingCertificate(), e.getMessage());
            return Optional.empty();
        }
    }

    private static IssuedCertificate loadOrIssueAdmin(CredentialPaths paths, CertificateAuthority ca, Clock clock) {
        Optional<IssuedCertificate> stored = Optional.empty();
        if (Files.exists(paths.adminCertificate()) && Files.exists(paths.adminKey())) {
            try {
                stored = Optional.of(IssuedCertificate.fromPem(CredentialFile.read(paths.adminCertificate()),
                        CredentialFile.read(paths.adminKey())));
            } catch (IllegalArgumentException e) {
                LOG.warn("stored admin certificate is unreadable file={} error={}", paths.adminCertificate(),
                        e.getMessage());
            }
        }
        Instant renewBy = clock.now().plus(ServingCertificateStatus.RENEWAL_WINDOW);
        if (stored.isPresent() && ca.issued(stored.get().certificate())
                && stored.get().certificate().getNotAfter().toInstant().isAfter(renewBy)
                && !clock.now().isBefore(stored.get().certificate().getNotBefore().toInstant())) {
            return stored.get();
        }
        IssuedCertificate admin = ca.issueRsaClientCertificate(ADMIN_USER, Set.of("system:masters"));
        CredentialFile.writeSecret(paths.adminKey(), admin.privateKeyPem());
        CredentialFile.writePublic(paths.adminCertificate(), admin.certificatePem());
        LOG.info("issued admin client certificate user={} notAfter={}", ADMIN_USER,
                admin.certificate().getNotAfter().toInstant());
        return admin;
    }

    private static KeyPair loadOrCreateServiceAccountKey(CredentialPaths paths) {
        if (Files.exists(paths.serviceAccountKey())) {
            try {
                return KeyPairs.rsaKeyPair(PemCodec.decodePrivateKey(CredentialFile.read(paths.serviceAccountKey())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the service-account key " + paths.serviceAccountKey()
                        + " is unusable", e);
            }
        }
        KeyPair keys = KeyPairs.generateRsa(new SecureRandom());
        CredentialFile.writeSecret(paths.serviceAccountKey(), PemCodec.encodePrivateKey(keys.getPrivate()));
        LOG.info("generated service-account signing key file={}", paths.serviceAccountKey());
        return keys;
    }

    private static String loadOrCreateToken(CredentialPaths paths) {
        if (Files.exists(paths.token())) {
            String token = CredentialFile.read(paths.token()).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("the admin token file " + paths.token() + " is empty");
            }
            return token;
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        CredentialFile.writeSecret(paths.token(), token + "\n");
        LOG.info("generated admin token file={}", paths.token());
        return token;
    }
}
