package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRDs and their objects live in the same store as built-in objects: after a restart on the same data directory,
 * the custom kind is served as soon as the server answers, with its objects as they were.
 */
class CustomResourceRestartTest {
    @TempDir
    Path dir;

    @Test
    void aCustomKindIsServedRightAfterARestart() throws IOException {
        SkiffProcess server = SkiffProcess.start(dir.resolve("data"));
        try {
            Kubectl kubectl = server.kubectl(dir);
            kubectl.succeed("apply", "-f", kubectl.file("crd.yaml", """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: lamps.home.example.com}
                    spec:
                      group: home.example.com
                      scope: Cluster
                      names: {plural: lamps, kind: Lamp, shortNames: [lp]}
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        schema:
                          openAPIV3Schema:
                            type: object
                            properties:
                              spec:
                                type: object
                                properties:
                                  watts: {type: integer}
                    """));
            kubectl.succeed("wait", "--for=condition=Established", "--timeout=10s", "crd/lamps.home.example.com");
            String lamp = kubectl.file("lamp.yaml", """
                    apiVersion: home.example.com/v1
                    kind: Lamp
                    metadata: {name: desk}
                    spec: {watts: 40}
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("apply", "-f", lamp).succeeded());
            String before = kubectl.succeed("get", "lp", "desk", "-o", "jsonpath={.metadata.uid} {.spec.watts}")
                    .stdout();

            server.stop();
            server = server.restart();

            assertThat(server.kubectl(dir).succeed("get", "lp", "desk", "-o",
                    "jsonpath={.metadata.uid} {.spec.watts}").stdout()).isEqualTo(before).endsWith(" 40");
        } finally {
            server.close();
        }
    }
}
