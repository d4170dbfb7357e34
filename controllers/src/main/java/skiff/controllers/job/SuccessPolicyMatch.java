package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Whether an Indexed job's succeeded indexes meet its {@code successPolicy} (k/k pkg/controller/job/success_policy.go
 * matchSuccessPolicy, 1.32): the first rule met gives the SuccessCriteriaMet message "Matched rules at index N".
 */
final class SuccessPolicyMatch {
    private SuccessPolicyMatch() {}

    static Optional<String> of(SuccessPolicy policy, int completions, BitSet succeeded) {
        if (policy == null || policy.getRules() == null || succeeded.isEmpty()) {
            return Optional.empty();
        }
        List<SuccessPolicyRule> rules = policy.getRules();
        for (int index = 0; index < rules.size(); index++) {
            SuccessPolicyRule rule = rules.get(index);
            Integer count = rule.getSucceededCount();
            if (rule.getSucceededIndexes() != null) {
                // A rule whose indexes do not parse to any index is skipped.
                BitSet required = IndexIntervals.parse(rule.getSucceededIndexes(), completions);
                if (required.isEmpty()) {
                    continue;
                }
                BitSet met = (BitSet) required.clone();
                met.and(succeeded);
                // success_policy.go matchSucceededIndexesRule: all of the rule's indexes, or succeededCount of them.
                if (met.cardinality() == required.cardinality() || (count != null && met.cardinality() >= count)) {
                    return Optional.of("Matched rules at index " + index);
                }
            } else if (count != null && succeeded.cardinality() >= count) {
                return Optional.of("Matched rules at index " + index);
            }
        }
        return Optional.empty();
    }
}
