package skiff.cli.log;

import java.time.Instant;
import org.slf4j.event.Level;

/** One event to log: its message already formatted with its arguments; {@code error} may be null. */
record LogEvent(Instant time, Level level, String thread, String logger, String message, Throwable error) {}
