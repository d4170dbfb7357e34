package skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code skiff} command. */
@Command(name = "skiff", mixinStandardHelpOptions = true, version = "skiff 0.1.0 (Kubernetes v1.32 API)",
        description = "A Kubernetes-compatible orchestrator in one program.",
        subcommands = {ServerCommand.class, AgentCommand.class, SimCommand.class, ImageCommand.class,
            TokenCommand.class})
public final class SkiffCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SkiffCommand()).execute(args);
        if (code != 0 || !(ServerCommand.keepsRunning() || AgentCommand.keepsRunning())) {
            System.exit(code);
        }
    }
}
