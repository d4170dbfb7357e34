package skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import skiff.cli.config.ConfigFileDefaults;
import skiff.cli.config.InvalidConfigException;

/** The {@code skiff} command. */
@Command(name = "skiff", mixinStandardHelpOptions = true, version = "skiff 0.1.0 (Kubernetes v1.32 API)",
        description = "A Kubernetes-compatible orchestrator in one program.",
        subcommands = {ServerCommand.class, AgentCommand.class, SimCommand.class, ImageCommand.class,
            TokenCommand.class, StoreCommand.class})
public final class SkiffCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new SkiffCommand());
        try {
            ConfigFileDefaults.install(commandLine, args);
        } catch (InvalidConfigException e) {
            System.err.println("skiff " + args[0] + ": --config " + e.getMessage());
            System.exit(2);
        }
        int code = commandLine.execute(args);
        if (code != 0 || !(ServerCommand.keepsRunning() || AgentCommand.keepsRunning())) {
            System.exit(code);
        }
    }
}
