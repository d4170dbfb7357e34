package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
