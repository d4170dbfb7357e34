package skiff.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DockerConfigKeyringTest {
    private static final RegistryCredentials A = new RegistryCredentials("a", "1");
    private static final RegistryCredentials B = new RegistryCredentials("b", "2");

    private static DockerConfigKeyring keyring(String json) {
        return DockerConfigKeyring.builder().add(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void dockerHubAliasesMatchDockerIoImages() {
        for (String key : new String[] {"https://index.docker.io/v1/", "index.docker.io", "registry-1.docker.io",
                "docker.io"}) {
            DockerConfigKeyring k = keyring("{\"auths\":{\"" + key + "\":{\"username\":\"a\",\"password\":\"1\"}}}");
            assertThat(k.lookup("docker.io/library/busybox")).as(key).containsExactly(A);
            assertThat(k.lookup("quay.io/library/busybox")).as(key).isEmpty();
        }
    }

    @Test
    void theAuthFieldIsBase64OfUserAndPassword() {
        String auth = Base64.getEncoder().encodeToString("b:2".getBytes(StandardCharsets.UTF_8));
        assertThat(keyring("{\"auths\":{\"registry.example.com:5000\":{\"auth\":\"" + auth + "\"}}}")
                .lookup("registry.example.com:5000/team/app")).containsExactly(B);
    }

    @Test
    void hostsPortsPathsAndGlobsMatchAsTheKubeletMatches() {
        DockerConfigKeyring k = DockerConfigKeyring.builder().add("https://registry.example.com/team", A)
                .add("*.example.com", B).build();
        assertThat(k.lookup("registry.example.com/team/app")).containsExactly(A, B);
        assertThat(k.lookup("registry.example.com/other/app")).containsExactly(B);
        assertThat(k.lookup("registry.example.com:5000/team/app")).isEmpty();
        assertThat(k.lookup("a.b.example.com/team/app")).isEmpty();
        assertThat(k.lookup("docker.io/library/busybox")).isEmpty();
    }

    @Test
    void theLegacyDockercfgFormatIsAccepted() {
        assertThat(keyring("{\"r.example.com\":{\"username\":\"a\",\"password\":\"1\"}}").lookup("r.example.com/x"))
                .containsExactly(A);
    }

    @Test
    void aSecretThatIsNotJsonIsAClearError() {
        assertThatThrownBy(() -> keyring("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a docker config");
    }
}
