package skiff.cli.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that writes through {@link Logging}'s current settings. */
final class SkiffLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    // Libraries whose warnings repeat what Skiff reports once itself: jetcd warns of every retry of an unreachable
    // etcd. Below -v 4 only their errors are written.
    private static final java.util.List<String> ERRORS_ONLY = java.util.List.of("io.etcd.jetcd");

    private final boolean errorsOnly;

    SkiffLogger(String name) {
        this.name = name;
        this.errorsOnly = ERRORS_ONLY.stream().anyMatch(prefix -> name.equals(prefix) || name.startsWith(prefix + "."));
    }

    private boolean writes(Level level) {
        Verbosity verbosity = Logging.settings().verbosity();
        if (errorsOnly && level != Level.ERROR && verbosity.level() < 4) {
            return false;
        }
        return verbosity.writes(level);
    }

    @Override
    public boolean isTraceEnabled() {
        return writes(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return writes(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return writes(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return writes(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return writes(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable error) {
        Level written = LibraryLevels.effective(name, level, String.valueOf(pattern), error);
        if (written != level && !writes(written)) {
            return;
        }
        Logging.Settings s = Logging.settings();
        String message = arguments == null || arguments.length == 0 ? String.valueOf(pattern)
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = s.formatter().format(new LogEvent(s.clock().instant(), written, Thread.currentThread().getName(),
                name, message, error));
        s.out().println(line);
    }
}
