package skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.cli.log.LogFormat;
import skiff.cli.log.Logging;
import skiff.cli.log.Verbosity;

/** {@code --log-format} and {@code -v}, as Kubernetes components' (k8s.io/component-base/logs, 1.32) take them. */
final class LoggingCliOptions {
    @Option(names = "--log-format", paramLabel = "text|json",
            description = "How log lines are written to standard error: text (default) or json, one object per line "
                    + "with ts, level, logger, thread, msg and fields.")
    String format = "text";

    @Option(names = {"-v", "--v"}, paramLabel = "N",
            description = "Log verbosity, as klog's: 0 to 3 write errors, warnings and info (default: "
                    + "${DEFAULT-VALUE}); 4 adds debug lines and stack traces of failures; 5 and more add trace "
                    + "lines.")
    int verbosity = 0;

    /** Logs as these options ask from now on. */
    void apply(CommandLine commandLine) {
        try {
            Logging.configure(LogFormat.of(format), new Verbosity(verbosity));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
