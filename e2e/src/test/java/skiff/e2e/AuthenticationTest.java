package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.apiserver.security.Kubeconfig;

/**
 * The written kubeconfig gets in; a wrong token is refused everywhere, as in Kubernetes. The wrong tokens go with a
 * kubeconfig of tokens only: beside the admin kubeconfig's client certificate, which kube-apiserver checks first,
 * kubectl's --token would not be looked at.
 */
class AuthenticationTest {
    private static final String UNAUTHORIZED = "error: You must be logged in to the server (Unauthorized)\n";

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void theWrittenKubeconfigIsAcceptedAsItIs(Kubectl kubectl) {
        KubectlResult result = kubectl.run("get", "namespaces", "-o", "name");

        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).contains("namespace/default", "namespace/kube-system");
    }

    /** A kubectl whose kubeconfig holds {@code token} and no client certificate. */
    private static Kubectl withToken(Kubectl kubectl, String token) throws IOException {
        Path file = kubectl.workDir().resolve("token-" + Math.abs(token.hashCode()) + ".yaml");
        Files.writeString(file, Kubeconfig.render(skiff.server().url(),
                Files.readString(skiff.server().dataDir().resolve("tls/ca.crt")), token,
                "skiff"));
        return new Kubectl(file, kubectl.workDir());
    }

    private static String adminToken() throws IOException {
        return Files.readString(skiff.server().dataDir().resolve("token")).strip();
    }

    @Test
    void aWrongTokenOnTheCommandLineIsUnauthorized(Kubectl admin) throws IOException {
        Kubectl kubectl = withToken(admin, adminToken());
        kubectl.succeed("get", "pods");

        KubectlResult result = kubectl.run("--token", "wrong", "get", "pods");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void withoutCachedDiscoveryAWrongTokenAlreadyFailsDiscovery(Kubectl admin) throws IOException {
        Kubectl kubectl = withToken(admin, adminToken());
        KubectlResult result = kubectl.run("--token", "wrong", "get", "pods");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().lines().toList().getLast()).isEqualTo(
                "error: You must be logged in to the server (the server has asked for the client to provide credentials)");
    }

    @Test
    void aKubeconfigWithAWrongTokenIsUnauthorized(Kubectl kubectl) throws IOException {
        withToken(kubectl, adminToken()).succeed("get", "configmaps");

        KubectlResult result = withToken(kubectl, "not-" + adminToken()).run("get", "configmaps");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void aWrongTokenIsRefusedEvenForHealthEndpoints(Kubectl kubectl) throws IOException {
        KubectlResult result = withToken(kubectl, "wrong").run("get", "--raw", "/readyz");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo(UNAUTHORIZED);
    }
}
