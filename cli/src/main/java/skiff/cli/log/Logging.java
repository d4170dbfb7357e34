package skiff.cli.log;

import java.io.PrintStream;
import java.time.Clock;

/**
 * How Skiff's processes log: the format and verbosity {@code --log-format} and {@code -v} chose, written to standard
 * error. Loggers read it at each event, so the ones made before the flags were read follow them too.
 */
public final class Logging {
    private static volatile Settings settings =
            new Settings(new LogLineFormatter(LogFormat.TEXT, new Verbosity(0)), new Verbosity(0), Clock.systemUTC(),
                    System.err);

    private Logging() {}

    /** Logs in this format at this verbosity from now on. */
    public static void configure(LogFormat format, Verbosity verbosity) {
        Settings s = settings;
        settings = new Settings(new LogLineFormatter(format, verbosity), verbosity, s.clock(), s.out());
    }

    static Settings settings() {
        return settings;
    }

    record Settings(LogLineFormatter formatter, Verbosity verbosity, Clock clock, PrintStream out) {}
}
