package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import skiff.image.registry.RegistryConfig;

/** The registry flags of {@code skiff server} and {@code skiff agent}, which reach the kubelet's puller. */
class RegistryCliOptionsTest {
    @TempDir
    Path tmp;

    private static RegistryConfig parse(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli = new CommandLine(new SkiffCommand()).parseArgs(all).subcommand().commandSpec()
                .commandLine();
        RegistryCliOptions registries = cli.getCommand() instanceof ServerCommand server ? server.registries
                : ((AgentCommand) cli.getCommand()).registries;
        return registries.toConfig(cli);
    }

    @Test
    void withoutFlagsRegistriesAreReachedAsDockerDoes() {
        assertThat(parse("server")).isEqualTo(RegistryConfig.empty());
    }

    @Test
    void serverTakesInsecureRegistriesACaAndARegistriesFileWithMirrors() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("registries.yaml"), """
                mirrors:
                  docker.io:
                    endpoint: ["http://127.0.0.1:5000"]
                    rewrite:
                      "^library/(.*)": "mirrored/$1"
                """);
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "");

        RegistryConfig config = parse("server", "--insecure-registry", "Registry.Local:5000", "--insecure-registry",
                "10.1.2.3", "--registry-ca", ca.toString(), "--registry-config", yaml.toString());

        assertThat(config.insecure()).isEqualTo(Set.of("registry.local:5000", "10.1.2.3"));
        assertThat(config.caFiles()).containsExactly(ca.toAbsolutePath());
        assertThat(config.mirrors()).containsOnlyKeys("docker.io");
        assertThat(config.mirrors().get("docker.io").endpoints()).containsExactly("http://127.0.0.1:5000");
        assertThat(config.mirrors().get("docker.io").rewrites()).isEqualTo(Map.of("^library/(.*)", "mirrored/$1"));
    }

    @Test
    void theAgentTakesThemToo() {
        assertThat(parse("agent", "--server", "https://127.0.0.1:6443", "--token-file", "t", "--ca-file", "c",
                "--insecure-registry", "10.1.2.3:5000").insecure()).containsExactly("10.1.2.3:5000");
    }

    @Test
    void anUnreadableRegistriesFileIsAUsageError() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "- just\n- a list\n");

        assertThatThrownBy(() -> parse("server", "--registry-config", tmp.resolve("missing.yaml").toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--registry-config: no such file").hasMessageContaining("missing.yaml");
        assertThatThrownBy(() -> parse("server", "--registry-config", bad.toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not a mapping");
    }
}
