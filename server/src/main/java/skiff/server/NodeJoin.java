package skiff.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.apiserver.security.IssuedCertificate;

/**
 * How {@code skiff agent --token} joins a cluster, as {@code kubeadm join} and the kubelet's TLS bootstrap do: the
 * node's kubeconfig in the data directory is used while its certificate is valid; otherwise the CA is discovered
 * from cluster-info and checked against the pinned hashes (or taken from {@code --ca-file}), and a client
 * certificate is requested with the bootstrap token.
 *
 * @param serverUrl the API server
 * @param bootstrapToken {@code ID.SECRET}; empty when the node must already have its certificate
 * @param caCertHashes the pinned {@code sha256:} hashes of the CA's public key
 * @param caPem the CA from {@code --ca-file}, if given
 */
public record NodeJoin(String serverUrl, Optional<String> bootstrapToken, List<String> caCertHashes,
        Optional<String> caPem, Path dataDir, String nodeName, Clock clock) {
    private static final Logger LOG = LoggerFactory.getLogger(NodeJoin.class);
    // The kubelet's bootstrap waits for its certificate as long as it takes; an agent gives up after this.
    private static final Duration SIGNING_TIMEOUT = Duration.ofMinutes(5);

    public NodeJoin {
        caCertHashes = List.copyOf(caCertHashes);
    }

    /** What the agent runs with once joined: the cluster CA and the node's own credentials. */
    public record Joined(String caPem, AgentCredentials.ClientCertificate credentials) {}

    /** @throws IllegalStateException when the node cannot get a certificate, with the reason */
    public Joined join() {
        Path kubeconfig = dataDir.resolve(NodeClientCertificates.KUBECONFIG);
        Optional<AgentCredentials.ClientCertificate> kept = NodeClientCertificates.read(kubeconfig);
        // bootstrap.go LoadClientCert: a kubeconfig whose certificate is still valid is used as it is.
        if (kept.isPresent() && clock.now().isBefore(NodeClientCertificates.certificate(
                kept.get().certificatePem()).getNotAfter().toInstant())) {
            return new Joined(caFrom(kubeconfig), kept.get());
        }
        String token = bootstrapToken.orElseThrow(() -> new IllegalStateException("there is no valid client "
                + "certificate in " + kubeconfig + ", and no --token to request one"));
        String ca = trustedCa(token);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(serverUrl)
                .withCaCertData(Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.US_ASCII)))
                .withOauthToken(token).withRequestTimeout(30_000).build();
        IssuedCertificate issued;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            issued = NodeClientCertificates.request(client, nodeName, true, SIGNING_TIMEOUT);
        }
        NodeClientCertificates.write(kubeconfig, serverUrl, ca, issued);
        LOG.info("node {} got its client certificate, valid until {}; kubeconfig {}", nodeName,
                issued.certificate().getNotAfter().toInstant(), kubeconfig);
        return new Joined(ca, new AgentCredentials.ClientCertificate(issued.certificatePem(), issued.kubeconfigKeyPem()));
    }

    // kubeadm join: --ca-file (with any pins checked too), else token discovery, which needs a pin.
    private String trustedCa(String token) {
        if (caPem.isPresent()) {
            String hash = CaCertHash.of(caPem.get());
            if (!caCertHashes.isEmpty() && !caCertHashes.contains(hash)) {
                throw new IllegalStateException("the CA file's public key \"" + hash + "\" is not pinned");
            }
            return caPem.get();
        }
        if (caCertHashes.isEmpty()) {
            throw new IllegalStateException("--discovery-token-ca-cert-hash is required to trust the cluster CA "
                    + "(or give it with --ca-file)");
        }
        return ClusterInfoDiscovery.overHttps(serverUrl, clock).discoverCa(token, caCertHashes);
    }

    private static String caFrom(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            return new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig, e);
        }
    }
}
