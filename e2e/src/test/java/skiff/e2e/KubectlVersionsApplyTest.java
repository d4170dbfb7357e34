package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.testing.SkiffExtension;

/**
 * {@code kubectl apply} and {@code create -f} from the oldest installed clients: kubectl 1.27 and 1.28 read the
 * OpenAPI v2 document (as protobuf) before either and stop with NotFound without it; 1.33 for comparison.
 */
class KubectlVersionsApplyTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("scheduler", "deployment", "replicaset").build();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.28", "1.33"})
    void applyCreatesThenPatchesAndCreateFromAFileWorks(String version) throws IOException {
        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);
        String name = "web-" + version.replace('.', '-');
        Path manifest = work.resolve("deployment.yaml");

        Files.writeString(manifest, deployment(name, "nginx:1.26"));
        assertThat(kubectl.succeed("apply", "-f", manifest.toString()).stdout())
                .isEqualTo("deployment.apps/" + name + " created\n");
        Files.writeString(manifest, deployment(name, "nginx:1.27"));
        assertThat(kubectl.succeed("apply", "-f", manifest.toString()).stdout())
                .isEqualTo("deployment.apps/" + name + " configured\n");
        assertThat(kubectl.succeed("get", "deployment", name, "-o",
                "jsonpath={.spec.template.spec.containers[*].image}").stdout()).isEqualTo("nginx:1.27 busybox");

        Path configMap = work.resolve("configmap.yaml");
        Files.writeString(configMap, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  color: blue
                """.formatted(name));
        assertThat(kubectl.succeed("create", "-f", configMap.toString()).stdout())
                .isEqualTo("configmap/" + name + " created\n");
    }

    private static String deployment(String name, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                      - name: web
                        image: %2$s
                      - name: side
                        image: busybox
                """.formatted(name, image);
    }
}
