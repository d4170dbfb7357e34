package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS bootstrap end to end, as kubeadm token create and kubeadm join: {@code skiff token create} prints a token and
 * the join command; an agent with it discovers and pins the CA, gets its client certificate approved and signed, and
 * its Node becomes Ready; with that certificate the node reads nothing of another node's; a wrong CA hash is refused
 * by the agent, unknown and expired bootstrap tokens by the server. The bootstrap signer signs cluster-info with each
 * token, and drops the signature of a deleted one.
 */
class NodeBootstrapTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void anAgentJoinsWithABootstrapTokenAndGetsOnlyANodesAccess() {
        try (SkiffProcess server = SkiffProcess.start(dir.resolve("server"), List.of("--no-kubelet"))) {
            Kubectl kubectl = server.kubectl(dir);
            Finished created = run(SkiffProcess.skiffCommand("token", "create", "--data-dir",
                    server.dataDir().toString()));
            assertThat(created.exitCode()).as(created.output()).isZero();
            List<String> lines = created.stdout().lines().toList();
            String token = lines.get(0);
            assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
            assertThat(lines.get(1)).matches("skiff agent --server \\Q" + server.url() + "\\E --token \\Q" + token
                    + "\\E --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}");
            String hash = lines.get(1).substring(lines.get(1).lastIndexOf(' ') + 1);
            String tokenId = token.substring(0, 6);
            assertThat(kubectl.succeed("get", "secret", "-n", "kube-system", "bootstrap-token-" + tokenId, "-o",
                    "jsonpath={.type}").stdout()).isEqualTo("bootstrap.kubernetes.io/token");
            // The bootstrap signer signs cluster-info's kubeconfig with the new token.
            await().atMost(DEADLINE).until(() -> !signature(kubectl, tokenId).isEmpty());
            assertThat(signature(kubectl, tokenId)).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]{43}");

            Finished wrongHash = run(SkiffAgentProcess.joinCommand(server, "agent-1", dir.resolve("agent"),
                    List.of("--token", token, "--discovery-token-ca-cert-hash", "sha256:" + "0".repeat(64))));
            assertThat(wrongHash.exitCode()).isEqualTo(1);
            assertThat(wrongHash.output()).contains("skiff agent: cluster CA found in cluster-info ConfigMap is "
                    + "invalid: none of the public keys \"" + hash + "\" are pinned");

            kubectl.succeed("create", "namespace", "elsewhere");
            kubectl.succeed("create", "secret", "generic", "db", "-n", "elsewhere", "--from-literal=password=x");
            kubectl.succeed("run", "other", "-n", "elsewhere", "--image=busybox", "--restart=Never",
                    "--overrides={\"spec\":{\"nodeName\":\"other-node\"}}");

            try (SkiffAgentProcess agent = SkiffAgentProcess.join(server, "agent-1", dir.resolve("agent"),
                    List.of("--token", token, "--discovery-token-ca-cert-hash", hash))) {
                kubectl.succeed("wait", "--for=condition=Ready", "node/agent-1", "--timeout=120s");
                KubectlTable csrs = KubectlTable.parse(kubectl.succeed("get", "csr").stdout());
                assertThat(csrs.header()).containsExactly("NAME", "AGE", "SIGNERNAME", "REQUESTOR",
                        "REQUESTEDDURATION", "CONDITION");
                assertThat(csrs.rows()).singleElement().satisfies(row -> {
                    assertThat(row.get(0)).startsWith("node-csr-");
                    assertThat(row.subList(2, 6)).containsExactly("kubernetes.io/kube-apiserver-client-kubelet",
                            "system:bootstrap:" + tokenId, "<none>", "Approved,Issued");
                });

                Kubectl asNode = new Kubectl(dir.resolve("agent/kubelet.kubeconfig"), directory("as-node"));
                assertThat(asNode.succeed("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").stdout())
                        .isEqualTo("system:node:agent-1");
                KubectlResult pod = asNode.run("get", "pod", "other", "-n", "elsewhere");
                assertThat(pod.exitCode()).isEqualTo(1);
                assertThat(pod.stderr()).contains("Error from server (Forbidden): pods \"other\" is forbidden: User "
                        + "\"system:node:agent-1\" cannot get resource \"pods\" in API group \"\" in the namespace "
                        + "\"elsewhere\": no relationship found between node 'agent-1' and this object");
                KubectlResult secret = asNode.run("get", "secret", "db", "-n", "elsewhere");
                assertThat(secret.exitCode()).isEqualTo(1);
                assertThat(secret.stderr()).contains("Error from server (Forbidden): secrets \"db\" is forbidden: "
                        + "User \"system:node:agent-1\" cannot get resource \"secrets\" in API group \"\" in the "
                        + "namespace \"elsewhere\": no relationship found between node 'agent-1' and this object");
            }

            // A restarted agent uses the certificate it keeps: no second request.
            try (SkiffAgentProcess again = SkiffAgentProcess.join(server, "agent-1", dir.resolve("agent"),
                    List.of("--token", token, "--discovery-token-ca-cert-hash", hash))) {
                assertThat(kubectl.succeed("get", "csr", "-o", "name").stdout().lines()).hasSize(1);
            }

            // A deleted token's signature goes.
            kubectl.succeed("delete", "secret", "-n", "kube-system", "bootstrap-token-" + tokenId);
            await().atMost(DEADLINE).until(() -> signature(kubectl, tokenId).isEmpty());
        }
    }

    @Test
    void unknownAndExpiredBootstrapTokensAreUnauthorized() {
        try (SkiffProcess server = SkiffProcess.start(dir.resolve("server"), List.of("--no-kubelet"));
                KubernetesClient admin = new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
            admin.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                    .withName("bootstrap-token-abcdef").endMetadata().withType("bootstrap.kubernetes.io/token")
                    .withStringData(Map.of("token-id", "abcdef", "token-secret", "0123456789abcdef",
                            "usage-bootstrap-authentication", "true",
                            "expiration", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                                    .toString()))
                    .build()).create();
            admin.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                    .withName("bootstrap-token-ghijkl").endMetadata().withType("bootstrap.kubernetes.io/token")
                    .withStringData(Map.of("token-id", "ghijkl", "token-secret", "0123456789abcdef",
                            "usage-bootstrap-authentication", "true"))
                    .build()).create();

            assertThat(asToken(server, "ghijkl.0123456789abcdef").succeed("auth", "whoami", "-o",
                    "jsonpath={.status.userInfo.username}").stdout()).isEqualTo("system:bootstrap:ghijkl");
            for (String token : List.of("abcdef.0123456789abcdef", "zzzzzz.0123456789abcdef",
                    "ghijkl.fedcba9876543210")) {
                KubectlResult refused = asToken(server, token).run("auth", "whoami");
                assertThat(refused.exitCode()).as(token).isEqualTo(1);
                assertThat(refused.stderr()).as(token)
                        .contains("error: You must be logged in to the server (Unauthorized)");
            }
        }
    }

    /** cluster-info's signature for the token {@code tokenId}, empty when it has none. */
    private static String signature(Kubectl kubectl, String tokenId) {
        return kubectl.succeed("get", "configmap", "cluster-info", "-n", "kube-public", "-o",
                "jsonpath={.data.jws-kubeconfig-" + tokenId + "}").stdout();
    }

    /** A kubectl whose kubeconfig names only the server, its CA and {@code token}. */
    private Kubectl asToken(SkiffProcess server, String token) {
        Config admin = server.clientConfig();
        String kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
                + server.url() + "\n    certificate-authority-data: " + admin.getCaCertData() + "\nusers:\n"
                + "- name: u\n  user:\n    token: " + token + "\ncontexts:\n- name: x\n  context:\n"
                + "    cluster: c\n    user: u\ncurrent-context: x\n";
        Path work = dir.resolve("as-" + token.substring(0, 6) + "-" + token.substring(7, 10));
        try {
            java.nio.file.Files.createDirectories(work);
            java.nio.file.Files.writeString(work.resolve("kubeconfig"), kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Kubectl(work.resolve("kubeconfig"), work);
    }

    private Path directory(String name) {
        try {
            return java.nio.file.Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished process: its exit code and what it printed. */
    private record Finished(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private static Finished run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + DEADLINE);
            }
            return new Finished(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
