package skiff.apiserver.cel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A resource.Quantity as the CEL quantity library sees it (k8s.io/apimachinery 1.32 pkg/api/resource quantity.go
 * and amount.go): its exact value, and whether it is held as a scaled int64 or as an arbitrary decimal. The latter
 * matters because asInteger() and isInteger() succeed only for the int64 form, as resource.Quantity.AsInt64 does:
 * {@code quantity('1.5Ki')} is 1536 but not an integer to CEL. Equality is by value (Quantity.Equal).
 *
 * @param value the exact amount
 * @param decimal whether it is held as an inf.Dec, else as {@code unscaled * 10^scale}
 */
public record KubeQuantity(BigDecimal value, boolean decimal, long unscaled, int scale) {
    static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    static final String NUMERIC = "unable to parse numeric part of quantity";
    static final String SUFFIX = "unable to parse quantity's suffix";
    private static final int NANO = -9;
    private static final int MAX_INT64_FACTORS = 18;
    private static final BigDecimal MAX_ALLOWED = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.ofEntries(Map.entry("", 0),
            Map.entry("n", -9), Map.entry("u", -6), Map.entry("m", -3), Map.entry("k", 3), Map.entry("M", 6),
            Map.entry("G", 9), Map.entry("T", 12), Map.entry("P", 15), Map.entry("E", 18));
    private static final Map<String, Integer> BINARY_SUFFIXES = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40,
            "Pi", 50, "Ei", 60);

    /** The text is no quantity; the message is resource.ParseQuantity's error. */
    public static final class ParseException extends Exception {
        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    private static KubeQuantity ofInt64(long unscaled, int scale) {
        return new KubeQuantity(BigDecimal.valueOf(unscaled, -scale), false, unscaled, scale);
    }

    private static KubeQuantity ofDecimal(BigDecimal value) {
        return new KubeQuantity(value, true, 0, 0);
    }

    /** resource.NewQuantity(n, DecimalExponent). */
    public static KubeQuantity of(long n) {
        return ofInt64(n, 0);
    }

    /** resource.ParseQuantity. */
    public static KubeQuantity parse(String text) throws ParseException {
        if (text.isEmpty()) {
            throw new ParseException(FORMAT_WRONG);
        }
        int end = text.length();
        int pos = 0;
        boolean positive = true;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            positive = text.charAt(0) == '+';
            pos++;
        }
        while (pos < end && text.charAt(pos) == '0') {
            pos++;
        }
        if (pos >= end) {
            return ofInt64(0, 0);
        }
        int numEnd = digits(text, pos);
        String num = text.substring(pos, numEnd);
        pos = numEnd;
        if (num.isEmpty()) {
            num = "0";
        }
        String denom = "";
        if (pos < end && text.charAt(pos) == '.') {
            int denomEnd = digits(text, pos + 1);
            denom = text.substring(pos + 1, denomEnd);
            pos = denomEnd;
        }
        int suffixStart = pos;
        boolean anyDigit = text.substring(0, suffixStart).chars().anyMatch(c -> c >= '0' && c <= '9');
        while (pos < end && "eEinumkKMGTP".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        if (digits(text, pos) < end) {
            throw new ParseException(FORMAT_WRONG);
        }
        return fromParts(positive, num, denom, text.substring(suffixStart), anyDigit);
    }

    private static KubeQuantity fromParts(boolean positive, String num, String denom, String suffix,
            boolean anyDigit) throws ParseException {
        boolean binary;
        int exponent;
        if (DECIMAL_SUFFIXES.containsKey(suffix)) {
            binary = false;
            exponent = DECIMAL_SUFFIXES.get(suffix);
        } else if (BINARY_SUFFIXES.containsKey(suffix)) {
            binary = true;
            exponent = BINARY_SUFFIXES.get(suffix);
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            binary = false;
            try {
                exponent = (int) Long.parseLong(suffix.substring(1));
            } catch (NumberFormatException e) {
                throw new ParseException(SUFFIX);
            }
        } else {
            throw new ParseException(SUFFIX);
        }
        // The fast path of ParseQuantity: a scaled int64 when the digits fit.
        int precision;
        int scale = 0;
        long mantissa = 1;
        if (!binary) {
            scale = exponent;
            precision = MAX_INT64_FACTORS - (num.length() + denom.length());
        } else if (denom.isEmpty()) {
            mantissa = 1L << exponent;
            precision = 15 - num.length() - (int) ((float) exponent * 3 / 10) - 1;
        } else {
            precision = -1;
        }
        if (precision >= 0) {
            scale -= denom.length();
            if (scale >= NANO) {
                long digits;
                try {
                    digits = Long.parseLong(num + denom);
                } catch (NumberFormatException e) {
                    throw new ParseException(NUMERIC);
                }
                long result;
                try {
                    result = Math.multiplyExact(digits, mantissa);
                    return ofInt64(positive ? result : -result, scale);
                } catch (ArithmeticException e) {
                    // Falls through to the decimal form.
                }
            }
        }
        if (!anyDigit) {
            throw new ParseException(NUMERIC);
        }
        BigDecimal amount = new BigDecimal(num + "." + (denom.isEmpty() ? "0" : denom));
        amount = binary ? amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)))
                : amount.scaleByPowerOfTen(exponent);
        if (amount.signum() != 0) {
            amount = amount.setScale(-NANO, RoundingMode.UP);
        }
        if (binary && amount.compareTo(MAX_ALLOWED) > 0) {
            amount = MAX_ALLOWED;
        }
        return ofDecimal(positive ? amount : amount.negate());
    }

    private static int digits(String s, int pos) {
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos;
    }

    /** Quantity.Cmp. */
    public int compareTo(KubeQuantity other) {
        return value.compareTo(other.value);
    }

    /** Quantity.Sign. */
    public int sign() {
        return value.signum();
    }

    /** Quantity.AsApproximateFloat64. */
    public double approximateFloat() {
        return value.doubleValue();
    }

    /** Quantity.AsInt64: the value when it is held as an int64 that needs no fraction, else empty. */
    public java.util.OptionalLong asInt64() {
        if (decimal || scale < 0) {
            return java.util.OptionalLong.empty();
        }
        long scaled = scaleUp(unscaled, scale);
        return scaled == Long.MIN_VALUE && unscaled != Long.MIN_VALUE ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(scaled);
    }

    // positiveScaleInt64: value * 10^scale, or MIN_VALUE on overflow.
    private static long scaleUp(long value, int scale) {
        long result = value;
        try {
            for (int i = 0; i < scale; i++) {
                result = Math.multiplyExact(result, 10);
            }
            return result;
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Quantity.Add: in int64 form while both are and the sum fits, else as a decimal. */
    public KubeQuantity add(KubeQuantity other) {
        if (!decimal && !other.decimal) {
            KubeQuantity sum = addInt64(unscaled, scale, other.unscaled, other.scale);
            if (sum != null) {
                return sum;
            }
        }
        return ofDecimal(value.add(other.value));
    }

    /** Quantity.Sub. */
    public KubeQuantity subtract(KubeQuantity other) {
        if (!decimal && !other.decimal && other.unscaled != Long.MIN_VALUE) {
            KubeQuantity difference = addInt64(unscaled, scale, -other.unscaled, other.scale);
            if (difference != null) {
                return difference;
            }
        }
        return ofDecimal(value.subtract(other.value));
    }

    // int64Amount.Add: null when the sum does not fit.
    private static KubeQuantity addInt64(long a, int aScale, long b, int bScale) {
        if (b == 0) {
            return ofInt64(a, aScale);
        }
        if (a == 0) {
            return ofInt64(b, bScale);
        }
        try {
            if (aScale == bScale) {
                return ofInt64(Math.addExact(a, b), aScale);
            }
            if (aScale > bScale) {
                long scaled = scaleUp(a, aScale - bScale);
                return scaled == Long.MIN_VALUE ? null : ofInt64(Math.addExact(scaled, b), bScale);
            }
            long scaled = scaleUp(b, bScale - aScale);
            return scaled == Long.MIN_VALUE ? null : ofInt64(Math.addExact(a, scaled), aScale);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KubeQuantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }
}
