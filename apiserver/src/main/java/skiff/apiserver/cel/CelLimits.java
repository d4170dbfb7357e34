package skiff.apiserver.cel;

/**
 * The CEL cost limits of the API server (k/k 1.32 staging/src/k8s.io/apiserver/pkg/apis/cel/config.go and
 * apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go StaticEstimatedCRDCostLimit).
 */
public final class CelLimits {
    /** The most one evaluation of one expression may cost. */
    public static final long PER_CALL_LIMIT = 1_000_000L;
    /** The most all the rules evaluated for one request may cost together. */
    public static final long RUNTIME_BUDGET = 10_000_000L;
    /** The most one expression may be estimated to cost, times the number of times it can run. */
    public static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000L;
    /** The most all the expressions of one CRD may be estimated to cost together. */
    public static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000L;
    /** The largest request body, which bounds the size of whatever a schema leaves unbounded. */
    public static final long MAX_REQUEST_SIZE_BYTES = 3L * 1024 * 1024;

    private CelLimits() {}

    /**
     * The detail of a cost error: {@code <what> exceeds budget by factor of <factor>} with the hint about bounds
     * (validation.go getCostErrorMessage).
     */
    public static String costErrorMessage(String what, long cost, long limit) {
        double factor = (double) cost / limit;
        String text;
        if (factor > 100.0) {
            text = "more than 100x";
        } else if (factor < 1.5) {
            text = String.format(java.util.Locale.ROOT, "%fx", factor);
        } else {
            text = String.format(java.util.Locale.ROOT, "%.1fx", factor);
        }
        return what + " exceeds budget by factor of " + text + " (try simplifying the rule, or adding maxItems, "
                + "maxProperties, and maxLength where arrays, maps, and strings are declared)";
    }
}
