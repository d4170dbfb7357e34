package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificate renewal end to end: a server whose csrsigning issues one-minute certificates
 * ({@code --cluster-signing-duration}, kube-controller-manager's flag), an agent that joined with a bootstrap token;
 * before its certificate expires the node asks for another as itself, which is approved and issued, the agent's
 * kubeconfig holds it, and the node stays Ready and keeps renewing after its first certificate has expired.
 */
class NodeCertificateRenewalTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void theNodeRenewsItsShortLivedCertificateAndStaysReady() {
        try (SkiffProcess server = SkiffProcess.start(dir.resolve("server"), List.of("--no-kubelet",
                "--cluster-signing-duration", "1m"))) {
            Kubectl kubectl = server.kubectl(dir);
            List<String> created = SkiffProcess.skiffCommand("token", "create", "--data-dir",
                    server.dataDir().toString());
            String join = run(created).lines().filter(line -> line.startsWith("skiff agent ")).findFirst()
                    .orElseThrow();
            String token = join.split(" --token ")[1].split(" ")[0];
            String hash = join.substring(join.lastIndexOf(' ') + 1);
            Path kubeconfig = dir.resolve("agent/kubelet.kubeconfig");

            try (SkiffAgentProcess agent = SkiffAgentProcess.join(server, "agent-1", dir.resolve("agent"),
                    List.of("--token", token, "--discovery-token-ca-cert-hash", hash));
                    KubernetesClient admin = new KubernetesClientBuilder().withConfig(server.clientConfig())
                            .build()) {
                // Signed for a minute and backdated five, the bootstrap certificate is due for renewal at once.
                X509Certificate bootstrap = issued(admin.certificates().v1().certificateSigningRequests().list()
                        .getItems().stream().filter(csr -> csr.getMetadata().getName().startsWith("node-csr-"))
                        .findFirst().orElseThrow());
                assertThat(Duration.between(bootstrap.getNotBefore().toInstant(), bootstrap.getNotAfter()
                        .toInstant())).isEqualTo(Duration.ofMinutes(6));

                await().atMost(DEADLINE).untilAsserted(() -> {
                    List<List<String>> renewals = KubectlTable.parse(kubectl.succeed("get", "csr").stdout()).rows()
                            .stream().filter(row -> row.get(0).startsWith("csr-")).toList();
                    assertThat(renewals).anySatisfy(row -> assertThat(row.subList(2, 6)).containsExactly(
                            "kubernetes.io/kube-apiserver-client-kubelet", "system:node:agent-1", "<none>",
                            "Approved,Issued"));
                });
                // The agent's kubeconfig holds a certificate issued for a renewal, no longer the bootstrap one.
                await().atMost(DEADLINE).untilAsserted(() -> {
                    BigInteger current = certificate(Base64.getDecoder().decode(Config.fromKubeconfig(
                            Files.readString(kubeconfig)).getClientCertData())).getSerialNumber();
                    assertThat(current).isNotEqualTo(bootstrap.getSerialNumber());
                    assertThat(admin.certificates().v1().certificateSigningRequests().list().getItems().stream()
                            .filter(csr -> csr.getMetadata().getName().startsWith("csr-")
                                    && csr.getStatus() != null && csr.getStatus().getCertificate() != null)
                            .map(csr -> issued(csr).getSerialNumber())).contains(current);
                });
                // The renewed certificate works, and the node is Ready.
                Kubectl asNode = new Kubectl(kubeconfig, directory("as-node"));
                assertThat(asNode.succeed("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").stdout())
                        .isEqualTo("system:node:agent-1");
                kubectl.succeed("wait", "--for=condition=Ready", "node/agent-1", "--timeout=120s");

                // The connections made with the bootstrap certificate were closed when it was replaced: once it has
                // expired, the node still renews its Lease and its certificate.
                Instant expired = bootstrap.getNotAfter().toInstant();
                await().atMost(DEADLINE).until(() -> Instant.now().isAfter(expired.plusSeconds(5)));
                Instant afterExpiry = Instant.now();
                await().atMost(DEADLINE).untilAsserted(() -> {
                    Lease lease = admin.leases().inNamespace("kube-node-lease").withName("agent-1").get();
                    assertThat(lease.getSpec().getRenewTime().toInstant()).isAfter(afterExpiry);
                    assertThat(admin.certificates().v1().certificateSigningRequests().list().getItems())
                            .anySatisfy(csr -> {
                                assertThat(csr.getMetadata().getName()).startsWith("csr-");
                                assertThat(Instant.parse(csr.getMetadata().getCreationTimestamp()))
                                        .isAfter(afterExpiry);
                                assertThat(csr.getStatus()).isNotNull();
                                assertThat(csr.getStatus().getCertificate()).isNotNull();
                            });
                });
            }
        }
    }

    private static X509Certificate issued(CertificateSigningRequest csr) {
        return certificate(Base64.getDecoder().decode(csr.getStatus().getCertificate()));
    }

    private static X509Certificate certificate(byte[] pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new AssertionError(e);
        }
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
