package skiff.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.apiserver.security.IssuedCertificate;

/**
 * Renews the node's client certificate before it expires, as the kubelet's certificate manager does (k8s.io/
 * client-go/util/certificate/certificate_manager.go, 1.32): at a random point between 70 % and 90 % of its lifetime
 * the node asks for a new one as itself (approved as {@code selfnodeclient}), keeps it in its kubeconfig and presents
 * it on new connections, closing those made with the old one.
 */
final class NodeCertificateRotation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCertificateRotation.class);
    private static final Duration SIGNING_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final CurrentClientCertificate current;
    private final RenewableHttpClientFactory connections;
    private final Path kubeconfig;
    private final String serverUrl;
    private final String caPem;
    private final String nodeName;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-certificate-rotation").factory());

    NodeCertificateRotation(KubernetesClient client, CurrentClientCertificate current,
            RenewableHttpClientFactory connections, Path kubeconfig, String serverUrl, String caPem, String nodeName,
            Clock clock) {
        this.client = client;
        this.current = current;
        this.connections = connections;
        this.kubeconfig = kubeconfig;
        this.serverUrl = serverUrl;
        this.caPem = caPem;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    void start() {
        schedule(Duration.between(clock.now(), deadline(current.certificate().getNotBefore().toInstant(),
                current.certificate().getNotAfter().toInstant(), random.nextDouble())));
    }

    // certificate_manager.go nextRotationDeadline: notBefore + (70 % + up to 20 %) of the lifetime.
    static Instant deadline(Instant notBefore, Instant notAfter, double jitter) {
        long lifetime = Duration.between(notBefore, notAfter).toMillis();
        return notBefore.plusMillis(Math.round(lifetime * (0.7 + 0.2 * jitter)));
    }

    private void schedule(Duration delay) {
        timer.schedule(this::rotate, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void rotate() {
        try {
            IssuedCertificate issued = NodeClientCertificates.request(client, nodeName, false, SIGNING_TIMEOUT);
            NodeClientCertificates.write(kubeconfig, serverUrl, caPem, issued);
            Instant oldExpiry = current.certificate().getNotAfter().toInstant();
            current.set(new AgentCredentials.ClientCertificate(issued.certificatePem(), issued.kubeconfigKeyPem()));
            // transport.go: close every connection made with the old certificate; requests in flight may finish
            // while it is still valid.
            Duration left = Duration.between(clock.now(), oldExpiry);
            connections.renewConnections(left.isNegative() ? Duration.ZERO : left.compareTo(GRACE) < 0 ? left : GRACE);
            LOG.info("node {} rotated its client certificate, now valid until {}", nodeName,
                    issued.certificate().getNotAfter().toInstant());
            start();
        } catch (RuntimeException e) {
            LOG.warn("node {} could not rotate its client certificate, retrying in {}: {}", nodeName, RETRY,
                    e.getMessage());
            schedule(RETRY);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
