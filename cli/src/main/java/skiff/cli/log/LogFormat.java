package skiff.cli.log;

import java.util.Locale;

/** How log lines are written: {@code text} (one readable line per event) or {@code json} (one JSON object per line). */
public enum LogFormat {
    TEXT, JSON;

    /** The format a {@code --log-format} value names. */
    public static LogFormat of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--log-format must be text or json, not '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
