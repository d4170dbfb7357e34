package skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skiff token}: bootstrap tokens that let nodes join (kubeadm token). Subcommand: create. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage bootstrap tokens, with which agents join the cluster.",
        subcommands = {TokenCreateCommand.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
