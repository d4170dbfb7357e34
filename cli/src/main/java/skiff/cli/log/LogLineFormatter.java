package skiff.cli.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one event as one line: {@code text}, {@code 2026-12-07T21:47:45.123Z INFO  [thread] logger - message}
 * (with {@code err="..."} when it carries a failure), or {@code json}, an object with {@code ts}, {@code level},
 * {@code logger}, {@code thread}, {@code msg}, {@code fields} (the message's {@code key=value} pairs) and {@code err}.
 * A failure's stack trace follows only for an unexpected failure logged as an error, or at {@code -v 4} and more;
 * never for an expected condition such as a client gone away ({@link ExpectedConditions}).
 */
final class LogLineFormatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final LogFormat format;
    private final Verbosity verbosity;

    LogLineFormatter(LogFormat format, Verbosity verbosity) {
        this.format = format;
        this.verbosity = verbosity;
    }

    /** The event's line, without the line separator (a text line's stack trace, if any, on the lines after it). */
    String format(LogEvent event) {
        return format == LogFormat.JSON ? json(event) : text(event);
    }

    private String text(LogEvent event) {
        StringBuilder line = new StringBuilder(160).append(TIME.format(event.time())).append(' ')
                .append(String.format("%-5s", event.level())).append(" [").append(event.thread()).append("] ")
                .append(event.logger()).append(" - ").append(event.message());
        if (event.error() != null) {
            line.append(" err=\"").append(describe(event.error()).replace("\"", "\\\"")).append('"');
            if (showsStackTrace(event)) {
                line.append(System.lineSeparator()).append(stackTrace(event.error()).stripTrailing());
            }
        }
        return line.toString();
    }

    private String json(LogEvent event) {
        MessageFields split = MessageFields.of(event.message());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", TIME.format(event.time()));
        line.put("level", event.level().toString().toLowerCase(Locale.ROOT));
        line.put("logger", event.logger());
        line.put("thread", event.thread());
        line.put("msg", split.text());
        if (!split.fields().isEmpty()) {
            line.put("fields", split.fields());
        }
        if (event.error() != null) {
            line.put("err", describe(event.error()));
            if (showsStackTrace(event)) {
                line.put("stacktrace", stackTrace(event.error()));
            }
        }
        return JSON.writeValueAsString(line);
    }

    private boolean showsStackTrace(LogEvent event) {
        return !ExpectedConditions.isExpected(event.error())
                && (event.level() == Level.ERROR || verbosity.level() >= 4);
    }

    /** The failure and its causes' messages, e.g. {@code IOException: Connection reset by peer}. */
    private static String describe(Throwable error) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = error; t != null && s.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            if (!s.isEmpty()) {
                s.append(": caused by ");
            }
            s.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
            }
        }
        return s.toString().replace('\n', ' ');
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
