package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubectl debug POD} adds an ephemeral container through pods/ephemeralcontainers (k/k
 * pkg/registry/core/pod/storage/storage.go EphemeralContainersREST). Running it is the kubelet's part, tested with
 * runc pods in {@code kubelet.RuncKubectlTest}: no kubelet runs here, and the debug container is not attached to.
 */
class KubectlDebugTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet");

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"1.32", "1.33"})
    void debugAddsAnEphemeralContainerTargetingTheNamedContainer(String version) {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);
        String pod = "debugged-" + version.replace(".", "");
        kubectl.succeed("create", "-f", kubectl.file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]
                """.formatted(pod)));

        // Not "-it=false": that is -i with -t=false, and a debug with stdin attaches and waits for the container.
        KubectlResult debug = kubectl.succeed("debug", pod, "--image=busybox", "--target=c", "--", "true");

        assertThat(debug.stderr()).doesNotContain("panic");
        JsonNode spec = Json.parse(kubectl.succeed("get", "pod", pod, "-o", "json").stdout().getBytes())
                .path("spec");
        assertThat(spec.path("ephemeralContainers")).hasSize(1);
        JsonNode added = spec.path("ephemeralContainers").get(0);
        assertThat(added.path("name").asString()).startsWith("debugger-");
        assertThat(added.path("image").asString()).isEqualTo("busybox");
        assertThat(added.path("targetContainerName").asString()).isEqualTo("c");
        assertThat(added.path("command").get(0).asString()).isEqualTo("true");
        assertThat(spec.path("containers")).hasSize(1);
    }
}
