package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the rules someone holds cover the rules they want to grant (k/k
 * pkg/registry/rbac/validation/policy_comparator.go Covers and BreakdownRule, and rule.go CompactRules, 1.32):
 * every requested rule is broken down into one verb on one resource (or URL), and each piece must be covered by
 * some held rule.
 */
public final class RuleCoverage {
    private static final String ALL = "*";

    private RuleCoverage() {}

    /** The pieces of {@code requested} that no rule in {@code owned} covers, compacted; empty when all are covered. */
    public static List<PolicyRule> missing(List<PolicyRule> owned, List<PolicyRule> requested) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : requested) {
            for (PolicyRule piece : breakdown(rule)) {
                if (owned.stream().noneMatch(o -> covers(o, piece))) {
                    missing.add(piece);
                }
            }
        }
        return compact(missing);
    }

    static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> pieces = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    if (rule.resourceNames().isEmpty()) {
                        pieces.add(PolicyRule.resource(List.of(verb), List.of(group), List.of(resource), List.of()));
                    }
                    for (String name : rule.resourceNames()) {
                        pieces.add(PolicyRule.resource(List.of(verb), List.of(group), List.of(resource),
                                List.of(name)));
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                pieces.add(PolicyRule.nonResource(List.of(verb), List.of(url)));
            }
        }
        return pieces;
    }

    // policy_comparator.go ruleCovers.
    static boolean covers(PolicyRule owner, PolicyRule sub) {
        boolean verbs = owner.verbs().contains(ALL) || owner.verbs().containsAll(sub.verbs());
        boolean groups = owner.apiGroups().contains(ALL) || owner.apiGroups().containsAll(sub.apiGroups());
        boolean names = sub.resourceNames().isEmpty() ? owner.resourceNames().isEmpty()
                : owner.resourceNames().isEmpty() || owner.resourceNames().containsAll(sub.resourceNames());
        return verbs && groups && resourcesCover(owner.resources(), sub.resources())
                && urlsCover(owner.nonResourceURLs(), sub.nonResourceURLs()) && names;
    }

    private static boolean resourcesCover(List<String> owned, List<String> wanted) {
        if (owned.contains(ALL) || owned.containsAll(wanted)) {
            return true;
        }
        for (String path : wanted) {
            if (owned.contains(path)) {
                continue;
            }
            int slash = path.indexOf('/');
            if (slash < 0 || !owned.contains("*/" + path.substring(slash + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean urlsCover(List<String> owned, List<String> wanted) {
        for (String path : wanted) {
            boolean covered = owned.stream().anyMatch(o -> o.equals(path)
                    || o.endsWith(ALL) && path.startsWith(PolicyRule.stripStars(o)));
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    // rule.go CompactRules: rules on one group and one resource (and at most one name) merge their verbs.
    static List<PolicyRule> compact(List<PolicyRule> rules) {
        List<PolicyRule> out = new ArrayList<>();
        Map<List<Object>, List<String>> simple = new LinkedHashMap<>();
        Map<List<Object>, PolicyRule> firsts = new LinkedHashMap<>();
        for (PolicyRule r : rules) {
            boolean isSimple = r.resourceNames().size() <= 1 && r.nonResourceURLs().isEmpty()
                    && r.apiGroups().size() == 1 && r.resources().size() == 1;
            if (!isSimple) {
                out.add(r);
                continue;
            }
            List<Object> key = List.of(r.apiGroups().get(0), r.resources().get(0), r.resourceNames());
            firsts.putIfAbsent(key, r);
            List<String> verbs = simple.computeIfAbsent(key, k -> new ArrayList<>());
            r.verbs().stream().filter(v -> !verbs.contains(v)).forEach(verbs::add);
        }
        firsts.forEach((key, r) -> out.add(PolicyRule.resource(simple.get(key), r.apiGroups(), r.resources(),
                r.resourceNames())));
        return out;
    }
}
