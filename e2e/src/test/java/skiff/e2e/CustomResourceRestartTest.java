package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.testing.CrdManifest;

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
            CustomResources.establish(kubectl, CrdManifest.of("home.example.com", "lamps", "Lamp").clusterScoped()
                    .shortNames("lp").schemaVersion("v1", """
                            type: object
                            properties:
                              spec:
                                type: object
                                properties:
                                  watts: {type: integer}
                            """));
            CustomResources.applyWhenServed(kubectl, "lamp.yaml", """
                    apiVersion: home.example.com/v1
                    kind: Lamp
                    metadata: {name: desk}
                    spec: {watts: 40}
                    """);
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
