package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Only the admin token gets in; a wrong token is refused everywhere, as in Kubernetes. */
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

    @Test
    void aWrongTokenOnTheCommandLineIsUnauthorized(Kubectl kubectl) {
        kubectl.succeed("get", "pods");

        KubectlResult result = kubectl.run("--token", "wrong", "get", "pods");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void withoutCachedDiscoveryAWrongTokenAlreadyFailsDiscovery(Kubectl kubectl) {
        KubectlResult result = kubectl.run("--token", "wrong", "get", "pods");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().lines().toList().getLast()).isEqualTo(
                "error: You must be logged in to the server (the server has asked for the client to provide credentials)");
    }

    @Test
    void aKubeconfigWithAWrongTokenIsUnauthorized(Kubectl kubectl) throws IOException {
        kubectl.succeed("get", "configmaps");
        String written = Files.readString(skiff.server().kubeconfig());
        String token = Files.readString(skiff.server().dataDir().resolve("token")).strip();
        assertThat(written).contains(token);
        Path wrong = kubectl.workDir().resolve("wrong-token.yaml");
        Files.writeString(wrong, written.replace(token, "not-" + token));

        KubectlResult result = new Kubectl(wrong, kubectl.workDir()).run("get", "configmaps");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void aWrongTokenIsRefusedEvenForHealthEndpoints(Kubectl kubectl) {
        KubectlResult result = kubectl.run("--token", "wrong", "get", "--raw", "/readyz");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo(UNAUTHORIZED);
    }
}
