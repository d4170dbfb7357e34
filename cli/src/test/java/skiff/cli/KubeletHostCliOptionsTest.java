package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import skiff.server.KubeletOptions;

/** The flags of {@code skiff server} and {@code skiff agent} that name what the kubelet creates on the machine. */
class KubeletHostCliOptionsTest {
    private static KubeletOptions parse(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli = new CommandLine(new SkiffCommand()).parseArgs(all).subcommand().commandSpec()
                .commandLine();
        KubeletHostCliOptions host = cli.getCommand() instanceof ServerCommand server ? server.kubeletHost
                : ((AgentCommand) cli.getCommand()).kubeletHost;
        return host.applyTo(KubeletOptions.defaults(), cli);
    }

    @Test
    void defaultsToTheProductsNames() {
        KubeletOptions options = parse("server");

        assertThat(options.host()).isEqualTo(new KubeletOptions.HostNames("skiff0", "skiff-", "skiff", null));
        assertThat(options.host().runcRoot(Path.of("/data/kubelet"))).isEqualTo(Path.of("/data/kubelet/runc"));
        assertThat(options.cniConfig(Path.of("/data/kubelet")).bridge()).isEqualTo("skiff0");
    }

    @Test
    void takesNamesOfItsOwnOnServerAndAgent() {
        KubeletOptions server = parse("server", "--cni-bridge", "skb1", "--netns-prefix", "skb1-",
                "--cgroup-root", "/skiff-bench/", "--runc-root", "/tmp/bench-runc", "--cni-bin-dir", "/a,/b");
        KubeletOptions agent = parse("agent", "--server", "https://127.0.0.1:6443", "--token-file", "t",
                "--ca-file", "c", "--cni-bridge", "skb1", "--netns-prefix", "skb1-", "--cgroup-root", "skiff-bench",
                "--runc-root", "/tmp/bench-runc", "--cni-bin-dir", "/a,/b");

        for (KubeletOptions options : List.of(server, agent)) {
            assertThat(options.host()).isEqualTo(
                    new KubeletOptions.HostNames("skb1", "skb1-", "skiff-bench", Path.of("/tmp/bench-runc")));
            assertThat(options.cniConfig(Path.of("/data/kubelet")).bridge()).isEqualTo("skb1");
            assertThat(options.cniConfig(Path.of("/data/kubelet")).netnsPrefix()).isEqualTo("skb1-");
            assertThat(options.cniConfig(Path.of("/data/kubelet")).binDirs()).containsExactly(Path.of("/a"),
                    Path.of("/b"));
        }
    }

    @Test
    void refusesNamesTheMachineCannotHave() {
        assertThatThrownBy(() -> parse("server", "--cni-bridge", "a-bridge-name-too-long"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("1 to 15");
        assertThatThrownBy(() -> parse("server", "--netns-prefix", "a/b"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("namespace prefix");
        assertThatThrownBy(() -> parse("server", "--cgroup-root", "/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("cgroup root");
    }
}
