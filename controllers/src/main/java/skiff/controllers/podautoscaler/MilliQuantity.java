package skiff.controllers.podautoscaler;

/**
 * A value in thousandths written as Kubernetes writes resource.NewMilliQuantity(v, DecimalSI): the largest decimal SI
 * suffix that keeps the number whole ("250m", "1", "1500m", "2k").
 */
final class MilliQuantity {
    private static final String[] SUFFIXES = {"m", "", "k", "M", "G", "T", "P", "E"};

    private MilliQuantity() {}

    static String format(long milli) {
        if (milli == 0) {
            return "0";
        }
        long value = milli;
        int suffix = 0;
        while (suffix + 1 < SUFFIXES.length && value % 1000 == 0) {
            value /= 1000;
            suffix++;
        }
        return value + SUFFIXES[suffix];
    }
}
