package skiff.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigTest {
    @TempDir
    Path tmp;

    /** Each endpoint's base URL, "+https" when HTTPS is tried after plain HTTP. */
    private static List<String> bases(RegistryConfig c, String registry) {
        return c.endpoints(registry).stream().map(e -> e.base() + (e.tlsFallback() ? "+https" : "")).toList();
    }

    @Test
    void dockerHubIsRegistry1AndLoopbackIsPlainHttp() {
        RegistryConfig c = RegistryConfig.empty();
        assertThat(bases(c, "docker.io")).containsExactly("https://registry-1.docker.io");
        assertThat(bases(c, "localhost:5000")).containsExactly("http://localhost:5000+https");
        assertThat(bases(c, "127.0.0.1:5000")).containsExactly("http://127.0.0.1:5000+https");
        assertThat(bases(c, "[::1]:5000")).containsExactly("http://[::1]:5000+https");
        assertThat(bases(c, "registry.example.com")).containsExactly("https://registry.example.com");
    }

    @Test
    void insecureRegistriesAreReachedOverPlainHttp() {
        RegistryConfig c = RegistryConfig.empty().withInsecure(List.of("registry.example.com:5000", "lab"));
        assertThat(bases(c, "registry.example.com:5000")).containsExactly("http://registry.example.com:5000+https");
        assertThat(bases(c, "registry.example.com:6000")).containsExactly("https://registry.example.com:6000");
        assertThat(bases(c, "lab:7000")).containsExactly("http://lab:7000+https");
    }

    @Test
    void readsK3sRegistriesYaml() throws IOException {
        Path file = tmp.resolve("registries.yaml");
        Files.writeString(file, """
                mirrors:
                  docker.io:
                    endpoint:
                      - "https://mirror.example.com:5000"
                      - "http://127.0.0.1:5001/v2"
                    rewrite:
                      "^library/(.*)": "hub/$1"
                configs:
                  "mirror.example.com:5000":
                    auth: {username: robot, password: pw}
                    tls: {ca_file: /etc/ssl/mirror-ca.pem}
                  registry-1.docker.io:
                    auth: {auth: "cm9ib3Q6cHc="}
                insecure: ["lab.example.com"]
                """);

        RegistryConfig c = RegistryConfig.load(file);

        assertThat(bases(c, "docker.io")).containsExactly("https://mirror.example.com:5000",
                "http://127.0.0.1:5001", "https://registry-1.docker.io");
        assertThat(new RegistryConfig.Endpoint(URI.create("http://127.0.0.1:5000/x"), java.util.Map.of(), false, true)
                .overTls().base()).isEqualTo(URI.create("https://127.0.0.1:5000/x"));
        assertThat(c.endpoints("docker.io").get(0).repository("library/busybox")).isEqualTo("hub/busybox");
        assertThat(c.credentials(URI.create("https://mirror.example.com:5000")))
                .contains(new RegistryCredentials("robot", "pw"));
        assertThat(c.credentials(URI.create("https://registry-1.docker.io")))
                .contains(new RegistryCredentials("robot", "pw"));
        assertThat(c.allCaFiles()).containsExactly(Path.of("/etc/ssl/mirror-ca.pem"));
        assertThat(bases(c, "lab.example.com")).containsExactly("http://lab.example.com+https");
    }

    @Test
    void aBrokenFileIsAClearError() throws IOException {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "mirrors: [unclosed");
        assertThatThrownBy(() -> RegistryConfig.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("not YAML");
    }
}
