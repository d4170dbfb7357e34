package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code skiff server --help} describes what the command runs today. */
class ServerCommandHelpTest {
    @Test
    void theHelpSaysTheServerRunsTheScheduler() {
        String usage = new CommandLine(new SkiffCommand()).getSubcommands().get("server").getUsageMessage();

        assertThat(usage.replaceAll("\\s+", " "))
                .contains("Run the API server, its store, the built-in controllers, the scheduler and this machine's "
                        + "kubelet.")
                .doesNotContain("as it is added");
    }

    @Test
    void anOutOfRangeMaxEndpointsPerSliceIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SkiffCommand()).setErr(new PrintWriter(err))
                .execute("server", "--max-endpoints-per-slice", "1001");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--max-endpoints-per-slice must be between 1 and 1000, not 1001");
    }

    @Test
    void aNodeIpThatIsNoAddressIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SkiffCommand()).setErr(new PrintWriter(err))
                .execute("server", "--node-ip", "not-an-ip");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--node-ip must be an IP address, not 'not-an-ip'");
    }

    @Test
    void theEtcdStoreNeedsEndpointsAndTheEtcdFlagsNeedTheEtcdStore() {
        StringWriter err = new StringWriter();

        assertThat(execute(err, "server", "--store", "etcd")).isEqualTo(2);
        assertThat(execute(err, "server", "--etcd-endpoints", "http://127.0.0.1:2379")).isEqualTo(2);
        assertThat(execute(err, "server", "--store", "etcd", "--etcd-endpoints", "localhost:2379")).isEqualTo(2);
        assertThat(err.toString()).contains("--store etcd needs --etcd-endpoints")
                .contains("the --etcd-* flags go with --store etcd")
                .contains("--etcd-endpoints: 'localhost:2379' is not an http:// or https:// URL with a host and a port");
    }

    private static int execute(StringWriter err, String... args) {
        return new CommandLine(new SkiffCommand()).setErr(new PrintWriter(err)).execute(args);
    }
}
