package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import skiff.server.AgentOptions;
import skiff.server.AgentCredentials;
import skiff.server.KubeletOptions;

/** {@code skiff agent} gives its kubelet's pods the cluster DNS, as k3s' agent does. */
class AgentClusterDnsTest {
    private static AgentOptions parse(String... flags) {
        String[] all = new String[flags.length + 7];
        System.arraycopy(new String[] {"agent", "--server", "https://192.0.2.9:6443", "--token-file", "t",
                "--ca-file", "c"}, 0, all, 0, 7);
        System.arraycopy(flags, 0, all, 7, flags.length);
        CommandLine cli = new CommandLine(new SkiffCommand()).parseArgs(all).subcommand().commandSpec()
                .commandLine();
        return ((AgentCommand) cli.getCommand()).options(new AgentCredentials.BearerToken("token"), "ca",
                KubeletOptions.defaults());
    }

    @Test
    void defaultsToTheTenthAddressOfTheServiceRangeAndClusterLocal() {
        AgentOptions options = parse();

        assertThat(options.clusterDns()).containsExactly("10.43.0.10");
        assertThat(options.clusterDomain()).isEqualTo("cluster.local");
        assertThat(parse("--service-cidr", "10.96.0.0/12").clusterDns()).containsExactly("10.96.0.10");
    }

    @Test
    void takesTheServersDnsAddressAndDomain() {
        AgentOptions options = parse("--cluster-dns", "10.100.0.53,10.100.0.54", "--cluster-domain", "corp.example");

        assertThat(options.clusterDns()).isEqualTo(List.of("10.100.0.53", "10.100.0.54"));
        assertThat(options.clusterDomain()).isEqualTo("corp.example");
    }

    @Test
    void refusesWhatIsNotAnAddressOrADomain() {
        assertThatThrownBy(() -> parse("--cluster-dns", "dns.example"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("dns.example");
        assertThatThrownBy(() -> parse("--cluster-domain", "Not_A_Domain"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("Not_A_Domain");
    }
}
