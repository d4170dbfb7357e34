package skiff.api.cron;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CronJob schedule, parsed and stepped as Kubernetes' robfig/cron v3 {@code ParseStandard} does (five fields,
 * {@code ?} as {@code *}, month and weekday names, the {@code @hourly}... descriptors, {@code @every}, and a
 * {@code TZ=}/{@code CRON_TZ=} prefix). No Java library found offline matches its semantics (the day-of-month and
 * day-of-week OR rule, the error texts that Kubernetes' 422 repeats), so it is written here.
 */
public sealed interface CronSchedule {
    // robfig/cron v3 spec.go: Next gives up after five years.
    int YEAR_LIMIT = 5;

    /** The first activation strictly after {@code after}, or empty when there is none within five years. */
    Optional<Instant> next(Instant after);

    /** The schedule in {@code zone} unless its text names a zone of its own. */
    CronSchedule inZone(ZoneId zone);

    /** Parses {@code text} as robfig/cron v3 ParseStandard; the exception's message is robfig's error text. */
    static CronSchedule parse(String text) {
        return CronParser.parse(text, ZoneOffset.UTC);
    }

    /** A five-field schedule: a bit set per field; bit 63 marks a field written as {@code *} or {@code ?}. */
    record Fields(long minute, long hour, long dom, long month, long dow, ZoneId zone, boolean zoneFixed)
            implements CronSchedule {
        static final long STAR = 1L << 63;

        @Override
        public CronSchedule inZone(ZoneId other) {
            return zoneFixed ? this : new Fields(minute, hour, dom, month, dow, other, false);
        }

        // robfig/cron v3 spec.go SpecSchedule.Next: widen from month to minute, restarting when a unit wraps; hours
        // and minutes advance on the instant time line, so a skipped local hour never fires and a repeated one may.
        @Override
        public Optional<Instant> next(Instant after) {
            ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            int yearLimit = t.getYear() + YEAR_LIMIT;
            boolean added = false;
            wrap:
            while (t.getYear() <= yearLimit) {
                while (!has(month, t.getMonthValue())) {
                    if (!added) {
                        added = true;
                        t = t.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
                    }
                    t = t.toLocalDate().plusMonths(1).atStartOfDay(zone);
                    if (t.getMonthValue() == 1) {
                        continue wrap;
                    }
                }
                while (!dayMatches(t)) {
                    if (!added) {
                        added = true;
                    }
                    t = t.toLocalDate().plusDays(1).atStartOfDay(zone);
                    if (t.getDayOfMonth() == 1) {
                        continue wrap;
                    }
                }
                while (!has(hour, t.getHour())) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.HOURS);
                    }
                    t = t.plusHours(1);
                    if (t.getHour() == 0) {
                        continue wrap;
                    }
                }
                while (!has(minute, t.getMinute())) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.MINUTES);
                    }
                    t = t.plusMinutes(1);
                    if (t.getMinute() == 0) {
                        continue wrap;
                    }
                }
                return Optional.of(t.toInstant());
            }
            return Optional.empty();
        }

        // robfig/cron v3 spec.go dayMatches: either day field written as * means both must match, else either.
        private boolean dayMatches(ZonedDateTime t) {
            boolean domMatch = has(dom, t.getDayOfMonth());
            boolean dowMatch = has(dow, t.getDayOfWeek().getValue() % 7);
            if ((dom & STAR) != 0 || (dow & STAR) != 0) {
                return domMatch && dowMatch;
            }
            return domMatch || dowMatch;
        }

        private static boolean has(long bits, int value) {
            return (bits & (1L << value)) != 0;
        }
    }

    /** {@code @every DURATION}: activations every {@code delay} (whole seconds, at least one) from any time. */
    record Every(Duration delay) implements CronSchedule {
        @Override
        public CronSchedule inZone(ZoneId zone) {
            return this;
        }

        // robfig/cron v3 constantdelay.go: the next whole second plus the delay.
        @Override
        public Optional<Instant> next(Instant after) {
            return Optional.of(after.plus(delay).truncatedTo(ChronoUnit.SECONDS));
        }
    }
}

/** robfig/cron v3 parser.go with the standard options (minute, hour, dom, month, dow, descriptor). */
final class CronParser {
    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTHS =
            List.of("", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private CronParser() {}

    static CronSchedule parse(String text, ZoneId defaultZone) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        String spec = text;
        ZoneId zone = defaultZone;
        boolean zoneFixed = false;
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            String name = spec.substring(spec.indexOf('=') + 1, space < 0 ? spec.length() : space);
            try {
                zone = ZoneId.of(name);
                zoneFixed = true;
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone " + name);
            }
            spec = space < 0 ? "" : spec.substring(space).strip();
        }
        if (spec.startsWith("@")) {
            return descriptor(spec, zone, zoneFixed);
        }
        String[] fields = spec.isBlank() ? new String[0] : spec.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": "
                    + Arrays.toString(fields).replace(",", ""));
        }
        return new CronSchedule.Fields(field(fields[0], 0, 59, List.of()), field(fields[1], 0, 23, List.of()),
                field(fields[2], 1, 31, List.of()), field(fields[3], 1, 12, MONTHS), field(fields[4], 0, 6, DAYS),
                zone, zoneFixed);
    }

    private static CronSchedule descriptor(String spec, ZoneId zone, boolean zoneFixed) {
        String expansion = DESCRIPTORS.get(spec);
        if (expansion != null) {
            CronSchedule.Fields f = (CronSchedule.Fields) parse(expansion, zone);
            return new CronSchedule.Fields(f.minute(), f.hour(), f.dom(), f.month(), f.dow(), zone, zoneFixed);
        }
        if (spec.startsWith("@every ")) {
            String value = spec.substring("@every ".length());
            Duration delay = GoDuration.parse(value)
                    .orElseThrow(() -> new IllegalArgumentException("failed to parse duration " + spec
                            + ": time: invalid duration \"" + value + "\""));
            // robfig/cron v3 constantdelay.go Every: rounded down to whole seconds, at least one.
            long seconds = Math.max(1, delay.toSeconds());
            return new CronSchedule.Every(Duration.ofSeconds(seconds));
        }
        throw new IllegalArgumentException("unrecognized descriptor: " + spec);
    }

    // robfig/cron v3 parser.go getField and getRange.
    private static long field(String field, int min, int max, List<String> names) {
        long bits = 0;
        for (String range : field.split(",", -1)) {
            bits |= range(range, min, max, names);
        }
        return bits;
    }

    private static long range(String expr, int min, int max, List<String> names) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean singleDigit = lowAndHigh.length == 1;
        int start;
        int end;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = min;
            end = max;
            extra = CronSchedule.Fields.STAR;
        } else {
            start = number(lowAndHigh[0], names);
            end = switch (lowAndHigh.length) {
                case 1 -> start;
                case 2 -> number(lowAndHigh[1], names);
                default -> throw new IllegalArgumentException("too many hyphens: " + expr);
            };
        }
        int step;
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                step = positive(rangeAndStep[1]);
                if (singleDigit) {
                    end = max;
                }
                if (step > 1) {
                    extra = 0;
                }
            }
            default -> throw new IllegalArgumentException("too many slashes: " + expr);
        }
        if (start < min) {
            throw new IllegalArgumentException(
                    "beginning of range (" + start + ") below minimum (" + min + "): " + expr);
        }
        if (end > max) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + expr);
        }
        if (start > end) {
            throw new IllegalArgumentException(
                    "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            throw new IllegalArgumentException("step of range should be a positive number: " + expr);
        }
        long bits = 0;
        for (int i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits | extra;
    }

    private static int number(String text, List<String> names) {
        int named = names.indexOf(text.toLowerCase(Locale.ROOT));
        if (named > 0 || (named == 0 && !names.get(0).isEmpty())) {
            return named;
        }
        return positive(text);
    }

    // robfig/cron v3 parser.go mustParseInt: a non-negative decimal.
    private static int positive(String text) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + text + ": strconv.Atoi: parsing "
                    + quote(text) + ": invalid syntax");
        }
        if (value < 0) {
            throw new IllegalArgumentException("negative number (" + value + ") not allowed: " + text);
        }
        return value;
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
