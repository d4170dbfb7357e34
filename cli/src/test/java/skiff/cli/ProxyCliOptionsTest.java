package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import skiff.kubelet.proxy.ProxyMode;
import skiff.server.ProxyOptions;

/** The service proxy's flags on {@code skiff server} and {@code skiff agent}. */
class ProxyCliOptionsTest {
    private static ProxyOptions parse(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli = new CommandLine(new SkiffCommand()).parseArgs(all).subcommand().commandSpec()
                .commandLine();
        if (cli.getCommand() instanceof ServerCommand server) {
            return server.proxy.toOptions(cli, server.clusterCidr, server.serviceCidr);
        }
        AgentCommand agent = (AgentCommand) cli.getCommand();
        return agent.proxy.toOptions(cli, agent.clusterCidr, agent.serviceCidr);
    }

    @Test
    void defaultsToAutoWithK3sRanges() {
        assertThat(parse("server")).isEqualTo(new ProxyOptions(ProxyMode.AUTO, "10.42.0.0/16", "10.43.0.0/16"));
    }

    @Test
    void takesTheModeAndRanges() {
        assertThat(parse("agent", "--server", "https://127.0.0.1:6443", "--token-file", "t", "--ca-file", "c",
                "--proxy-mode", "nftables", "--cluster-cidr", "10.200.0.0/16", "--service-cidr", "10.201.0.0/20"))
                .isEqualTo(new ProxyOptions(ProxyMode.NFTABLES, "10.200.0.0/16", "10.201.0.0/20"));
        assertThat(parse("server", "--proxy-mode", "none").mode()).isEqualTo(ProxyMode.NONE);
        assertThat(parse("server", "--proxy-table", "skiff-second").table()).isEqualTo("skiff-second");
        assertThat(parse("server").table()).isEqualTo("skiff-proxy");
    }

    @Test
    void refusesBadValuesWithTheirName() {
        assertThatThrownBy(() -> parse("server", "--proxy-mode", "iptables"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("auto, nftables or none");
        assertThatThrownBy(() -> parse("server", "--cluster-cidr", "10.42.0.0/40"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("cluster CIDR");
        assertThatThrownBy(() -> parse("server", "--service-cidr", "ten.0.0.0/16"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("service CIDR");
        assertThatThrownBy(() -> parse("server", "--proxy-table", "ip skiff"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("table name");
    }
}
