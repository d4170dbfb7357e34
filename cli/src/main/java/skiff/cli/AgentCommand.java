package skiff.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skiff agent}: a kubelet that joins a server (not implemented yet). */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run a kubelet that joins a Skiff server (not implemented yet).")
final class AgentCommand implements Callable<Integer> {

    @CommandLine.Unmatched
    String[] ignoredUntilImplemented;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "skiff agent is not implemented yet");
    }
}
