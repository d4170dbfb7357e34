package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.IntOrString;

/** An int-or-percent field (maxSurge, maxUnavailable) resolved against a total. */
public final class IntOrPercent {
    private IntOrPercent() {}

    /**
     * The absolute value of {@code value} for {@code total}: an int as is, a percentage of the total rounded up or
     * down (apimachinery util/intstr GetScaledValueFromIntOrPercent); null counts as 0.
     *
     * @throws IllegalArgumentException for a string that is not a percentage (validation rejects it earlier)
     */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        double exact = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }
}
