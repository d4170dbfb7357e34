package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job's {@code podFailurePolicy} makes of one failed pod (k/k pkg/controller/job/pod_failure_policy.go
 * matchPodFailurePolicy, 1.32): the first matching rule's action, with the FailJob message; no rule: Count.
 *
 * @param action FailJob, FailIndex, Ignore or Count
 * @param message the job's failure message for FailJob, else null
 */
record PodFailurePolicyMatch(String action, String message) {
    static final PodFailurePolicyMatch COUNT = new PodFailurePolicyMatch("Count", null);

    boolean countsAsFailure() {
        return !action.equals("Ignore");
    }

    boolean failsJob() {
        return action.equals("FailJob");
    }

    // k/k 1.32 pod_failure_policy.go: FailIndex (with backoffLimitPerIndex) fails the pod's index at once.
    boolean failsIndex() {
        return action.equals("FailIndex");
    }

    static PodFailurePolicyMatch of(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return COUNT;
        }
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int index = 0; index < rules.size(); index++) {
            PodFailurePolicyRule rule = rules.get(index);
            String action = rule.getAction();
            if (rule.getOnExitCodes() != null) {
                Optional<ContainerStatus> container = matchingContainer(pod, rule.getOnExitCodes());
                if (container.isPresent()) {
                    ContainerStatus c = container.get();
                    return new PodFailurePolicyMatch(action, String.format(
                            "Container %s for pod %s/%s failed with exit code %d matching %s rule at index %d",
                            c.getName(), pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                            c.getState().getTerminated().getExitCode(), action, index));
                }
            } else if (rule.getOnPodConditions() != null) {
                Optional<PodCondition> condition = matchingCondition(pod, rule.getOnPodConditions());
                if (condition.isPresent()) {
                    return new PodFailurePolicyMatch(action, String.format(
                            "Pod %s/%s has condition %s matching %s rule at index %d",
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                            condition.get().getType(), action, index));
                }
            }
        }
        return COUNT;
    }

    // k/k pod_failure_policy.go getMatchingContainerFromList: app containers first, then init containers; a
    // terminated container with a non-zero exit code the operator accepts.
    private static Optional<ContainerStatus> matchingContainer(Pod pod, PodFailurePolicyOnExitCodesRequirement req) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        for (List<ContainerStatus> statuses : List.of(
                Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.<ContainerStatus>of()),
                Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(), List.<ContainerStatus>of()))) {
            for (ContainerStatus status : statuses) {
                if (status.getState() == null || status.getState().getTerminated() == null) {
                    continue;
                }
                if (req.getContainerName() != null && !req.getContainerName().equals(status.getName())) {
                    continue;
                }
                int exitCode = Objects.requireNonNullElse(status.getState().getTerminated().getExitCode(), 0);
                List<Integer> values = Objects.requireNonNullElse(req.getValues(), List.of());
                boolean in = values.contains(exitCode);
                if (exitCode != 0 && ("In".equals(req.getOperator()) ? in : "NotIn".equals(req.getOperator()) && !in)) {
                    return Optional.of(status);
                }
            }
        }
        return Optional.empty();
    }

    // k/k pod_failure_policy.go matchOnPodConditions: the pod's first condition that some pattern matches.
    private static Optional<PodCondition> matchingCondition(Pod pod,
            List<PodFailurePolicyOnPodConditionsPattern> patterns) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
                String status = pattern.getStatus() == null ? "True" : pattern.getStatus();
                if (Objects.equals(condition.getType(), pattern.getType())
                        && Objects.equals(condition.getStatus(), status)) {
                    return Optional.of(condition);
                }
            }
        }
        return Optional.empty();
    }
}
