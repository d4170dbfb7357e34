package skiff.apiserver.cel;

import java.util.List;
import java.util.Set;

/**
 * The estimated costs of the calls of {@link KubernetesTypeLibraries} and the sets extension, as k/k 1.32
 * staging/src/k8s.io/apiserver/pkg/cel/library/cost.go EstimateCallCost gives them (and cel-go ext/sets.go for
 * sets.*). cel-go hands the estimator a non-nil target even for global calls, so k/k's "target != nil" guards
 * always pass: quantity(), cidr(), ip() and the like cost a traversal of their string argument.
 *
 * <p>Divergences from k/k, found comparing each function with cost.go:
 * <ul>
 *   <li>Sizes here are maxima only; cel-go tracks a min..max range, but the limit checks read the max, so the
 *       checks agree.</li>
 *   <li>A value a call returns whose size k/k leaves unknown (the URL getters, getQuery) is as large as a request
 *       here (3 MiB); cel-go takes the largest uint64, so a function that traverses such a value is estimated
 *       lower here than in k/k.</li>
 *   <li>Comparing two URLs: cost.go reads the right-hand side's size twice (a k/k slip); here the smaller side
 *       counts, which is the same for a URL compared with a literal.</li>
 *   <li>Runtime costs (CompiledExpression) charge one unit per evaluated node and a tenth per character or item a
 *       call returns, not cost.go CallCost, which charges parsing (url, quantity, ip, cidr, isIP, isCIDR) a tenth
 *       per character of the argument and format validate (1 + length) / 10 times a quarter of the format's regex
 *       size: a long string parsed or validated costs less at run time here (validate on 253 characters with
 *       dns1123Subdomain: a few units here, 390 in k/k), so a list of many such calls reaches the per-call limit
 *       later than in k/k.</li>
 * </ul>
 */
final class LibraryCallCosts {
    /** A call's estimated cost and the size of its result. */
    record Cost(long cost, ValueShape result) {}

    private static final Set<String> NOMINAL = Set.of("isURL", "masked", "prefixLength", "family", "isUnspecified",
            "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast", "format.named", "sign",
            "asInteger", "isInteger", "asApproximateFloat", "isGreaterThan", "isLessThan", "compareTo", "add", "sub");
    private static final Set<String> URL_GETTERS = Set.of("getScheme", "getHostname", "getHost", "getPort",
            "getEscapedPath", "getQuery");
    private static final Set<String> SETS = Set.of("sets.contains", "sets.equivalent", "sets.intersects");
    // An IP's bytes: 4 or 16, compared twice (cost.go containsIP and containsCIDR).
    private static final long IP_COMPARE = tenth(16 + 16);
    // cel.MaxNameFormatRegexSize (128) times RegexStringLengthCostFactor (0.25).
    private static final long FORMAT_REGEX_FACTOR = 32;
    // cel.MaxFormatSize: cost.go charges comparing two formats as a traversal of a string this long.
    private static final ValueShape FORMAT = ValueShape.ofSize(64);

    private LibraryCallCosts() {}

    /**
     * The cost of calling {@code function} (the overload taking a string when {@code stringArgument}), with the
     * target's and arguments' shapes; null when the function is none of these libraries'.
     */
    static Cost of(String function, ValueShape target, List<ValueShape> args, boolean stringArgument) {
        if (function.startsWith("format.") && !function.equals("format.named")) {
            return new Cost(1, FORMAT);
        }
        if (NOMINAL.contains(function)) {
            return new Cost(1, ValueShape.ofSize(1));
        }
        if (URL_GETTERS.contains(function) && target != null) {
            return new Cost(1, ValueShape.UNKNOWN);
        }
        if (SETS.contains(function) && args.size() == 2) {
            return new Cost(CostEstimator.multiply(args.get(0).maxSize(), args.get(1).maxSize()) + 1,
                    ValueShape.ofSize(1));
        }
        return switch (function) {
            case "quantity", "isQuantity", "cidr", "isIP", "isCIDR" -> args.size() == 1
                    ? new Cost(tenth(args.get(0).maxSize()), ValueShape.ofSize(1)) : null;
            case "ip" -> target != null ? new Cost(1, ValueShape.ofSize(1))
                    : args.size() == 1 ? new Cost(tenth(args.get(0).maxSize()), ValueShape.ofSize(1)) : null;
            case "ip.isCanonical" -> args.size() == 1
                    ? new Cost(tenth(CostEstimator.multiply(args.get(0).maxSize(), 2)), ValueShape.ofSize(1)) : null;
            case "url" -> args.size() == 1 ? new Cost(tenth(args.get(0).maxSize()), args.get(0)) : null;
            case "containsIP" -> target == null || args.isEmpty() ? null
                    : new Cost(IP_COMPARE + (stringArgument ? tenth(args.get(0).maxSize()) : 0), ValueShape.ofSize(1));
            case "containsCIDR" -> target == null || args.isEmpty() ? null
                    : new Cost(IP_COMPARE + tenth(16) + 1 + (stringArgument ? tenth(args.get(0).maxSize()) : 0),
                            ValueShape.ofSize(1));
            case "validate" -> target == null || args.isEmpty() ? null
                    : new Cost(CostEstimator.multiply(tenth(args.get(0).maxSize()), FORMAT_REGEX_FACTOR),
                            ValueShape.ofSize(1));
            default -> null;
        };
    }

    private static long tenth(long size) {
        return size / 10 + (size % 10 == 0 ? 0 : 1);
    }
}
