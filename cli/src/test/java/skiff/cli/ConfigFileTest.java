package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import skiff.cli.config.ConfigFileDefaults;
import skiff.cli.config.EffectiveConfig;
import skiff.cli.config.InvalidConfigException;

/**
 * {@code skiff server --config FILE}: the file's keys are the flags' long names, the command line wins over the file
 * and the file over the built-in defaults; unknown keys and wrong values are refused with their line.
 */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void theCommandLineWinsOverTheFileAndTheFileOverTheDefaults() throws IOException {
        Path file = write("""
                port: 7443
                node-name: from-file
                disable-controllers:
                  - servicelb
                  - podgc
                event-ttl: 30m
                allocate-node-cidrs: false
                no-kubelet: true
                v: 4
                """);

        ServerCommand server = parse("server", "--config", file.toString(), "--port", "8443",
                "--disable-controllers", "dns");

        assertThat(server.port).isEqualTo(8443);
        assertThat(server.disabledControllers).containsExactly("dns");
        assertThat(server.nodeName).isEqualTo("from-file");
        assertThat(server.eventTtl).isEqualTo(Duration.ofMinutes(30));
        assertThat(server.allocateNodeCidrs).isFalse();
        assertThat(server.noKubelet).isTrue();
        assertThat(server.logging.verbosity).isEqualTo(4);
        assertThat(server.kubeletPort).as("not in the file: the default").isEqualTo(10250);
    }

    @Test
    void aListFromTheFileFillsAFlagThatTakesSeveral() throws IOException {
        Path file = write("""
                disable-controllers: [servicelb, podgc]
                insecure-registry:
                  - registry.local:5000
                  - other.local
                """);

        ServerCommand server = parse("server", "--config=" + file);

        assertThat(server.disabledControllers).containsExactly("servicelb", "podgc");
        assertThat(server.registries.insecure).containsExactly("registry.local:5000", "other.local");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndTheNearestFlag() throws IOException {
        Path file = write("""
                port: 6443
                # a comment
                kubelet-prot: 10251
                """);

        assertThatThrownBy(() -> parse("server", "--config", file.toString()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(file + ": line 3: unknown key 'kubelet-prot'; did you mean 'kubelet-port' "
                        + "(--kubelet-port)?");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithItsLine() throws IOException {
        assertThatThrownBy(() -> parse("server", "--config", write("bind: 0.0.0.0\nport: six\n").toString()))
                .isInstanceOf(InvalidConfigException.class).hasMessageEndingWith(": line 2: 'port': must be a whole "
                        + "number, not 'six'");
        assertThatThrownBy(() -> parse("server", "--config", write("port:\n  - 1\n  - 2\n").toString()))
                .hasMessageEndingWith(": line 2: 'port' takes one value, not a list");
        assertThatThrownBy(() -> parse("server", "--config", write("no-kubelet: maybe\n").toString()))
                .hasMessageEndingWith(": line 1: 'no-kubelet': must be true or false, not 'maybe'");
        assertThatThrownBy(() -> parse("server", "--config", write("\n\nevent-ttl: 5x\n").toString()))
                .hasMessageEndingWith(": line 3: 'event-ttl': '5x' is not a positive duration such as 40s");
        assertThatThrownBy(() -> parse("server", "--config", write("config: other.yaml\n").toString()))
                .hasMessageEndingWith(": line 1: --config cannot be set in a config file");
        assertThatThrownBy(() -> parse("server", "--config", write("- port\n").toString()))
                .hasMessageEndingWith(": line 1: the file must be a mapping of flag names to values");
    }

    @Test
    void aMissingFileIsRefused() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> parse("server", "--config", missing.toString()))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith(missing + ": cannot read it");
    }

    @Test
    void theAgentReadsItsRequiredServerFromTheFile() throws IOException {
        Path file = write("server: https://10.0.0.1:6443\ndiscovery-token-ca-cert-hash: [sha256:aa, sha256:bb]\n");
        CommandLine root = new CommandLine(new SkiffCommand());
        String[] args = {"agent", "--config", file.toString()};
        ConfigFileDefaults.install(root, args);
        root.parseArgs(args);

        AgentCommand agent = root.getSubcommands().get("agent").getCommand();
        assertThat(agent.server).isEqualTo("https://10.0.0.1:6443");
        assertThat(agent.caCertHashes).containsExactly("sha256:aa", "sha256:bb");
    }

    @Test
    void thePrintedConfigurationReadsBackAsTheSameConfiguration() throws IOException {
        Path file = write("""
                node-name: from-file
                disable-controllers: [servicelb]
                cluster-signing-duration: 1h30m
                """);
        CommandLine root = root("server", "--config", file.toString(), "--port", "8443");
        String printed = EffectiveConfig.yaml(root.getSubcommands().get("server").getCommandSpec(),
                GoDurationConverter::format);

        assertThat(printed).contains("port: 8443\n", "node-name: from-file\n", "disable-controllers:\n  - servicelb\n",
                "cluster-signing-duration: 1h30m0s\n", "kubelet-port: 10250\n", "log-format: text\n")
                .doesNotContain("config:", "print-config", "help", "version");
        ServerCommand again = parse("server", "--config", write(printed).toString());
        assertThat(again.port).isEqualTo(8443);
        assertThat(again.nodeName).isEqualTo("from-file");
        assertThat(again.disabledControllers).containsExactly("servicelb");
        assertThat(again.clusterSigningDuration).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void goDurationsAreWrittenAsGoWritesThem() {
        assertThat(List.of(Duration.ofSeconds(40), Duration.ofSeconds(90), Duration.ofHours(8760),
                Duration.ofMillis(250), Duration.ofMillis(1500)).stream().map(GoDurationConverter::format))
                .containsExactly("40s", "1m30s", "8760h0m0s", "250ms", "1.5s");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "config", ".yaml"), yaml);
    }

    private static CommandLine root(String... args) {
        CommandLine root = new CommandLine(new SkiffCommand());
        ConfigFileDefaults.install(root, args);
        root.parseArgs(args);
        return root;
    }

    private static ServerCommand parse(String... args) {
        return root(args).getSubcommands().get("server").getCommand();
    }
}
