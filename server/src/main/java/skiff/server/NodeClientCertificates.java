package skiff.server;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import skiff.apiserver.security.IssuedCertificate;
import skiff.apiserver.security.Kubeconfig;

/**
 * The node's client certificate, as the kubelet's TLS bootstrap gets and keeps it (k/k pkg/kubelet/certificate/
 * bootstrap/bootstrap.go and k8s.io/client-go/util/certificate/csr, 1.32): a fresh P-256 key, a certificate request
 * for CN system:node:NAME and O system:nodes to the kube-apiserver-client-kubelet signer, the issued certificate
 * awaited, and both kept in the agent's kubeconfig.
 */
final class NodeClientCertificates {
    /** The agent's own kubeconfig in its data directory, written once the node has its certificate. */
    static final String KUBECONFIG = "kubelet.kubeconfig";
    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    // bootstrap.go requestNodeCertificate and kubelet.go's GetUsages: an ECDSA key's usages (no key encipherment).
    private static final List<String> USAGES = List.of("digital signature", "client auth");

    private NodeClientCertificates() {}

    /** The certificate and key in {@code kubeconfig}, if it exists and holds them. */
    static Optional<AgentCredentials.ClientCertificate> read(Path kubeconfig) {
        if (!Files.isRegularFile(kubeconfig)) {
            return Optional.empty();
        }
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            if (config.getClientCertData() == null || config.getClientKeyData() == null) {
                return Optional.empty();
            }
            return Optional.of(new AgentCredentials.ClientCertificate(decode(config.getClientCertData()),
                    decode(config.getClientKeyData())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig, e);
        }
    }

    /** Writes the node's kubeconfig, readable by its owner only, replacing the previous one at once. */
    static void write(Path kubeconfig, String serverUrl, String caPem, IssuedCertificate issued) {
        String yaml = Kubeconfig.renderForUser(serverUrl, caPem, issued, "default-cluster", "default-auth");
        DataDirectory.createPrivate(kubeconfig.getParent());
        try {
            Path temporary = kubeconfig.resolveSibling(kubeconfig.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
            Files.writeString(temporary, yaml);
            Files.move(temporary, kubeconfig, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + kubeconfig, e);
        }
    }

    /** The certificate in {@code pem}. */
    static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Asks the API server, as {@code client}'s user, for a client certificate for node {@code nodeName} and waits up
     * to {@code timeout} for it. A bootstrap request is named after its key (bootstrap.go digestedName); a renewal
     * gets a generated {@code csr-} name, as the kubelet's certificate manager does.
     *
     * @throws IllegalStateException when the request is denied or fails, or no certificate comes in time
     */
    static IssuedCertificate request(KubernetesClient client, String nodeName, boolean bootstrap, Duration timeout) {
        KeyPair keys = ecKeys();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "system:nodes")
                .addRDN(BCStyle.CN, "system:node:" + nodeName).build();
        String request = pem("CERTIFICATE REQUEST", csr(subject, keys));
        CertificateSigningRequestBuilder csr = new CertificateSigningRequestBuilder().withNewMetadata().endMetadata()
                .withNewSpec().withRequest(Base64.getEncoder().encodeToString(
                        request.getBytes(StandardCharsets.US_ASCII)))
                .withSignerName(SIGNER).withUsages(USAGES).endSpec();
        if (bootstrap) {
            csr.editMetadata().withName(digestedName(keys, subject)).endMetadata();
        } else {
            csr.editMetadata().withGenerateName("csr-").endMetadata();
        }
        var csrs = client.certificates().v1().certificateSigningRequests();
        CertificateSigningRequest created;
        try {
            created = csrs.resource(csr.build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 || !bootstrap) {
                throw e;
            }
            created = csrs.withName(digestedName(keys, subject)).get();
        }
        String name = created.getMetadata().getName();
        CertificateSigningRequest done;
        try {
            done = csrs.withName(name).waitUntilCondition(c -> c == null || hasCertificate(c)
                    || condition(c, "Denied").isPresent() || condition(c, "Failed").isPresent(),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException("certificate request " + name + " was not signed within "
                    + timeout.toSeconds() + " s", e);
        }
        if (done == null) {
            throw new IllegalStateException("certificate request " + name + " was deleted before it was signed");
        }
        Optional<CertificateSigningRequestCondition> refused = condition(done, "Denied").or(() -> condition(done,
                "Failed"));
        if (refused.isPresent()) {
            CertificateSigningRequestCondition c = refused.get();
            throw new IllegalStateException("certificate request " + name + " was " + c.getType().toLowerCase(
                    java.util.Locale.ROOT) + ": " + c.getReason() + ": " + c.getMessage());
        }
        X509Certificate certificate = certificate(decode(done.getStatus().getCertificate()));
        return new IssuedCertificate(certificate, keys.getPrivate());
    }

    private static boolean hasCertificate(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty();
    }

    private static Optional<CertificateSigningRequestCondition> condition(CertificateSigningRequest csr, String type) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return csr.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    // bootstrap.go digestedName: the key, the subject and the usages hashed, so a retry finds its own request.
    private static String digestedName(KeyPair keys, X500Name subject) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(keys.getPublic().getEncoded());
            sha512.update(subject.toString().getBytes(StandardCharsets.UTF_8));
            USAGES.forEach(u -> sha512.update(u.getBytes(StandardCharsets.UTF_8)));
            return "node-csr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha512.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] csr(X500Name subject, KeyPair keys) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build the certificate request: " + e.getMessage(), e);
        }
    }

    // keyutil.MakeEllipticPrivateKeyPEM and the certificate manager's ecdsa.GenerateKey: P-256.
    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
