package skiff.api.validation;

import java.math.BigDecimal;

/** A floating-point number written the way Go prints it: {@code %v} in messages, {@code json.Marshal} inside values. */
final class GoFloatText {

    private GoFloatText() {}

    // docs pkg.go.dev/strconv#FormatFloat with 'g' and precision -1, as %v prints: shortest digits, exponent below 1e-4 and from 1e+06.
    static String verb(double value, boolean single) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        Decimal decimal = Decimal.of(value, single);
        return decimal.exponent() < -4 || decimal.exponent() >= 6 ? decimal.scientific() : decimal.plain();
    }

    // docs pkg.go.dev/encoding/json#Marshal for floats: plain digits, exponent below 1e-6 and from 1e21, exponent unpadded.
    static String json(double value, boolean single) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        Decimal decimal = Decimal.of(value, single);
        double abs = Math.abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            return decimal.scientific().replaceFirst("e([-+])0(\\d)$", "e$1$2");
        }
        return decimal.plain();
    }

    /** The shortest decimal digits that read back as the value, and the power of ten of the first digit. */
    private record Decimal(boolean negative, String digits, int exponent) {

        static Decimal of(double value, boolean single) {
            boolean negative = Math.copySign(1.0, value) < 0;
            if (value == 0) {
                return new Decimal(negative, "0", 0);
            }
            String shortest = single ? Float.toString((float) Math.abs(value)) : Double.toString(Math.abs(value));
            BigDecimal exact = new BigDecimal(shortest).stripTrailingZeros();
            String digits = exact.unscaledValue().toString();
            return new Decimal(negative, digits, digits.length() - 1 - exact.scale());
        }

        String plain() {
            String sign = negative ? "-" : "";
            if (exponent < 0) {
                return sign + "0." + "0".repeat(-exponent - 1) + digits;
            }
            if (digits.length() <= exponent + 1) {
                return sign + digits + "0".repeat(exponent + 1 - digits.length());
            }
            return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
        }

        String scientific() {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return (negative ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
    }
}
