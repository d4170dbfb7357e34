package skiff.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.cli.config.EffectiveConfig;

/**
 * {@code --config FILE} (read before the command line, by {@link skiff.cli.config.ConfigFileDefaults}) and
 * {@code --print-config}.
 */
final class ConfigFileCliOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Read flags from this YAML file, each by its long name without dashes (port: 6443, "
                    + "disable-controllers: [servicelb]); flags on the command line win over it.")
    Path file;

    @Option(names = "--print-config",
            description = "Print the configuration the flags and the config file make, as a config file, and exit.")
    boolean print;

    /** Prints the effective configuration if asked; true when it did (and the command should exit). */
    boolean printIfAsked(CommandLine.Model.CommandSpec spec, PrintStream out) {
        if (print) {
            out.print(EffectiveConfig.yaml(spec, GoDurationConverter::format));
            out.flush();
        }
        return print;
    }
}
