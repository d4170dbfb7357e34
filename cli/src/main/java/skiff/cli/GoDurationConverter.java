package skiff.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads a duration as Kubernetes' flags write it: a sequence of numbers with units, e.g. {@code 40s}, {@code 1m30s}. */
final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher m = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (value.isEmpty() || end != value.length() || total.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration such as 40s");
        }
        return total;
    }

    /** A duration as Go's time.Duration String() writes it, e.g. {@code 40s}, {@code 1m30s}, {@code 8760h0m0s}. */
    static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long h = d.toHours();
        int m = d.toMinutesPart();
        String seconds = d.toMillisPart() == 0 ? d.toSecondsPart() + "s"
                : java.math.BigDecimal.valueOf(d.toSecondsPart() * 1000L + d.toMillisPart(), 3).stripTrailingZeros()
                        .toPlainString() + "s";
        if (h > 0) {
            return h + "h" + m + "m" + seconds;
        }
        return m > 0 ? m + "m" + seconds : seconds;
    }
}
