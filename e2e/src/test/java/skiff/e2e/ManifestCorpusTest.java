package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corpus of valid manifests (src/test/resources/manifests) covering every field family of the served kinds goes
 * through kubectl's create -f with its default Strict validation, and reads back with every field sent, at the same
 * value; the server may add defaults.
 */
class ManifestCorpusTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet");

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void aManifestIsCreatedAndReadBackWithNoFieldLost(Path manifest, Kubectl kubectl) throws IOException {
        ObjectNode sent = (ObjectNode) Json.parseYaml(Files.readAllBytes(manifest));
        String file = kubectl.file(manifest.getFileName().toString(), Files.readString(manifest));

        KubectlResult created = kubectl.run("create", "-f", file);

        assertThat(created.stderr()).isEmpty();
        assertThat(created.exitCode()).isZero();
        JsonNode stored = Json.parse(kubectl.succeed("get", "-f", file, "-o", "json").stdout()
                .getBytes(StandardCharsets.UTF_8));
        List<String> lost = new ArrayList<>();
        missing(asStored(sent), stored, "", lost);
        assertThat(lost).as("fields sent but not read back as sent").isEmpty();
    }

    static Stream<Path> manifests() throws IOException, URISyntaxException {
        Path dir = Path.of(ManifestCorpusTest.class.getResource("/manifests").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    // k/k pkg/apis/core/v1/conversion.go: a Secret's stringData is written into data and not stored.
    private static JsonNode asStored(ObjectNode sent) {
        if (sent.path("kind").asString().equals("Secret") && sent.has("stringData")) {
            ObjectNode data = sent.has("data") ? (ObjectNode) sent.get("data") : sent.putObject("data");
            for (Map.Entry<String, JsonNode> e : sent.get("stringData").properties()) {
                data.put(e.getKey(), Base64.getEncoder().encodeToString(
                        e.getValue().asString().getBytes(StandardCharsets.UTF_8)));
            }
            sent.remove("stringData");
        }
        return sent;
    }

    private static void missing(JsonNode sent, JsonNode stored, String path, List<String> lost) {
        if (sent.isObject()) {
            for (Map.Entry<String, JsonNode> e : sent.properties()) {
                JsonNode value = stored.get(e.getKey());
                if (value == null) {
                    lost.add(path + "." + e.getKey());
                } else {
                    missing(e.getValue(), value, path + "." + e.getKey(), lost);
                }
            }
        } else if (sent.isArray()) {
            if (!stored.isArray() || stored.size() != sent.size()) {
                lost.add(path + " = " + sent + " read back as " + stored);
                return;
            }
            for (int i = 0; i < sent.size(); i++) {
                missing(sent.get(i), stored.get(i), path + "[" + i + "]", lost);
            }
        } else if (!sent.equals(stored)) {
            lost.add(path + " = " + sent + " read back as " + stored);
        }
    }
}
