package skiff.controllers.podautoscaler;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a metric's recommendation into the replica count to scale to, remembering each autoscaler's recent
 * recommendations and scale events (k/k pkg/controller/podautoscaler/horizontal.go, 1.32, normalizeDesiredReplicas
 * and normalizeDesiredReplicasWithBehaviors). Without a behavior: the highest recommendation of the downscale
 * stabilization window, then min/max replicas and a scale-up of at most twice the replicas or 4. With one: the
 * stabilization windows of both directions, then the Pods/Percent policies of the direction over their periods,
 * picked by selectPolicy. Times are given, so a fake clock drives it.
 */
public final class ScalingPlanner {
    // horizontal.go scaleUpLimitFactor and scaleUpLimitMinimum.
    private static final double SCALE_UP_LIMIT_FACTOR = 2.0;
    private static final int SCALE_UP_LIMIT_MINIMUM = 4;

    private record Recommendation(int replicas, Instant at) {}

    private record ScaleEvent(int change, Instant at) {}

    /** The replicas to scale to, and the AbleToScale and ScalingLimited conditions that say why. */
    public record Plan(int replicas, ConditionUpdate ableToScale, ConditionUpdate scalingLimited) {}

    private final Duration downscaleStabilization;
    private final Map<String, List<Recommendation>> recommendations = new ConcurrentHashMap<>();
    private final Map<String, List<ScaleEvent>> scaleUps = new ConcurrentHashMap<>();
    private final Map<String, List<ScaleEvent>> scaleDowns = new ConcurrentHashMap<>();

    public ScalingPlanner(Duration downscaleStabilization) {
        this.downscaleStabilization = downscaleStabilization;
    }

    /** recordInitialRecommendation: the first sync of an autoscaler recommends what the target has. */
    public void recordInitial(String key, int currentReplicas, Instant now) {
        recommendations.computeIfAbsent(key, k -> new ArrayList<>(List.of(new Recommendation(currentReplicas, now))));
    }

    /** Forgets an autoscaler that is gone. */
    public void forget(String key) {
        recommendations.remove(key);
        scaleUps.remove(key);
        scaleDowns.remove(key);
    }

    public Plan plan(String key, HorizontalPodAutoscalerBehavior behavior, int currentReplicas, int desired,
            int minReplicas, int maxReplicas, Instant now) {
        return behavior == null ? withoutBehavior(key, currentReplicas, desired, minReplicas, maxReplicas, now)
                : withBehavior(key, behavior, currentReplicas, desired, minReplicas, maxReplicas, now);
    }

    /** storeScaleEvent: a rescale the behavior's policies count against later ones. */
    public void recordScale(String key, HorizontalPodAutoscalerBehavior behavior, int previous, int replicas,
            Instant now) {
        if (behavior == null || previous == replicas) {
            return;
        }
        boolean up = replicas > previous;
        List<ScaleEvent> events = (up ? scaleUps : scaleDowns).computeIfAbsent(key, k -> new ArrayList<>());
        int longest = longestPeriod(up ? behavior.getScaleUp() : behavior.getScaleDown());
        Instant cutoff = now.minusSeconds(longest);
        ScaleEvent event = new ScaleEvent(Math.abs(replicas - previous), now);
        synchronized (events) {
            // markScaleEventsOutdated: the last event older than every policy period is replaced.
            int outdated = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).at().isBefore(cutoff)) {
                    outdated = i;
                }
            }
            if (outdated >= 0) {
                events.set(outdated, event);
            } else {
                events.add(event);
            }
        }
    }

    private Plan withoutBehavior(String key, int current, int desired, int min, int max, Instant now) {
        int stabilized = stabilize(key, desired, now);
        ConditionUpdate able = stabilized != desired
                ? ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, true, "ScaleDownStabilized",
                        "recent recommendations were higher than current one, applying the highest recent "
                                + "recommendation")
                : readyForNewScale();
        // convertDesiredReplicasWithRules.
        int scaleUpLimit = (int) Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
        int maximum;
        String reason;
        String message;
        if (max > scaleUpLimit) {
            maximum = scaleUpLimit;
            reason = "ScaleUpLimit";
            message = "the desired replica count is increasing faster than the maximum scale rate";
        } else {
            maximum = max;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
        }
        int replicas;
        if (stabilized < min) {
            replicas = min;
            reason = "TooFewReplicas";
            message = "the desired replica count is less than the minimum replica count";
        } else if (stabilized > maximum) {
            replicas = maximum;
        } else {
            replicas = stabilized;
            reason = "DesiredWithinRange";
            message = "the desired count is within the acceptable range";
        }
        return new Plan(replicas, able,
                ConditionUpdate.of(ConditionUpdate.SCALING_LIMITED, replicas != stabilized, reason, message));
    }

    // stabilizeRecommendation: the highest recommendation within the window; the oldest outside it is replaced.
    private int stabilize(String key, int desired, Instant now) {
        List<Recommendation> recs = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
        Instant cutoff = now.minus(downscaleStabilization);
        synchronized (recs) {
            int highest = desired;
            int old = -1;
            for (int i = 0; i < recs.size(); i++) {
                Recommendation r = recs.get(i);
                if (r.at().isBefore(cutoff)) {
                    old = i;
                } else if (r.replicas() > highest) {
                    highest = r.replicas();
                }
            }
            record(recs, old, new Recommendation(desired, now));
            return highest;
        }
    }

    private Plan withBehavior(String key, HorizontalPodAutoscalerBehavior behavior, int current, int desired,
            int min, int max, Instant now) {
        HPAScalingRules up = behavior.getScaleUp();
        HPAScalingRules down = behavior.getScaleDown();
        // maybeInitScaleDownStabilizationWindow: an unset scale-down window is the controller's.
        int upWindow = up.getStabilizationWindowSeconds() == null ? 0 : up.getStabilizationWindowSeconds();
        long downWindow = down.getStabilizationWindowSeconds() == null ? downscaleStabilization.toSeconds()
                : down.getStabilizationWindowSeconds();
        int stabilized = stabilizeWithBehavior(key, current, desired, upWindow, downWindow, now);
        ConditionUpdate able;
        if (stabilized == desired) {
            able = readyForNewScale();
        } else if (desired >= current) {
            able = ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, true, "ScaleUpStabilized",
                    "recent recommendations were lower than current one, applying the lowest recent recommendation");
        } else {
            able = ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, true, "ScaleDownStabilized",
                    "recent recommendations were higher than current one, applying the highest recent "
                            + "recommendation");
        }
        // convertDesiredReplicasWithBehaviorRate.
        int replicas = stabilized;
        String reason = "DesiredWithinRange";
        String message = "the desired count is within the acceptable range";
        List<ScaleEvent> ups = scaleUps.getOrDefault(key, List.of());
        List<ScaleEvent> downs = scaleDowns.getOrDefault(key, List.of());
        if (stabilized > current) {
            int limit = Math.max(current, scaleUpLimit(current, ups, downs, up, now));
            int maximum = max;
            String r = "TooManyReplicas";
            String m = "the desired replica count is more than the maximum replica count";
            if (maximum > limit) {
                maximum = limit;
                r = "ScaleUpLimit";
                m = "the desired replica count is increasing faster than the maximum scale rate";
            }
            if (stabilized > maximum) {
                replicas = maximum;
                reason = r;
                message = m;
            }
        } else if (stabilized < current) {
            int limit = Math.min(current, scaleDownLimit(current, ups, downs, down, now));
            int minimum = min;
            String r = "TooFewReplicas";
            String m = "the desired replica count is less than the minimum replica count";
            if (minimum < limit) {
                minimum = limit;
                r = "ScaleDownLimit";
                m = "the desired replica count is decreasing faster than the maximum scale rate";
            }
            if (stabilized < minimum) {
                replicas = minimum;
                reason = r;
                message = m;
            }
        }
        return new Plan(replicas, able,
                ConditionUpdate.of(ConditionUpdate.SCALING_LIMITED, replicas != stabilized, reason, message));
    }

    // stabilizeRecommendationWithBehaviors: between the lowest recommendation of the scale-up window and the highest
    // of the scale-down window, starting from the current replicas.
    private int stabilizeWithBehavior(String key, int current, int desired, long upWindow, long downWindow,
            Instant now) {
        List<Recommendation> recs = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
        Instant upCutoff = now.minusSeconds(upWindow);
        Instant downCutoff = now.minusSeconds(downWindow);
        synchronized (recs) {
            int upRecommendation = desired;
            int downRecommendation = desired;
            int old = -1;
            for (int i = 0; i < recs.size(); i++) {
                Recommendation r = recs.get(i);
                if (r.at().isAfter(upCutoff)) {
                    upRecommendation = Math.min(r.replicas(), upRecommendation);
                }
                if (r.at().isAfter(downCutoff)) {
                    downRecommendation = Math.max(r.replicas(), downRecommendation);
                }
                if (r.at().isBefore(upCutoff) && r.at().isBefore(downCutoff)) {
                    old = i;
                }
            }
            int recommendation = Math.min(Math.max(current, upRecommendation), downRecommendation);
            record(recs, old, new Recommendation(desired, now));
            return recommendation;
        }
    }

    private static void record(List<Recommendation> recs, int old, Recommendation rec) {
        if (old >= 0) {
            recs.set(old, rec);
        } else {
            recs.add(rec);
        }
    }

    // calculateScaleUpLimitWithScalingRules.
    private static int scaleUpLimit(int current, List<ScaleEvent> ups, List<ScaleEvent> downs, HPAScalingRules rules,
            Instant now) {
        String select = rules.getSelectPolicy() == null ? "Max" : rules.getSelectPolicy();
        if (select.equals("Disabled")) {
            return current;
        }
        boolean min = select.equals("Min");
        long result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (HPAScalingPolicy policy : policies(rules)) {
            int start = current - changeIn(policy, ups, now) + changeIn(policy, downs, now);
            long proposed = policy.getType().equals("Pods") ? (long) start + policy.getValue()
                    : (long) Math.ceil(start * (1 + policy.getValue() / 100.0));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return (int) result;
    }

    // calculateScaleDownLimitWithBehaviors.
    private static int scaleDownLimit(int current, List<ScaleEvent> ups, List<ScaleEvent> downs,
            HPAScalingRules rules, Instant now) {
        String select = rules.getSelectPolicy() == null ? "Max" : rules.getSelectPolicy();
        if (select.equals("Disabled")) {
            return current;
        }
        boolean min = select.equals("Min");
        long result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (HPAScalingPolicy policy : policies(rules)) {
            int start = current - changeIn(policy, ups, now) + changeIn(policy, downs, now);
            long proposed = policy.getType().equals("Pods") ? (long) start - policy.getValue()
                    : (long) (start * (1 - policy.getValue() / 100.0));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return (int) result;
    }

    // getReplicasChangePerPeriod.
    private static int changeIn(HPAScalingPolicy policy, List<ScaleEvent> events, Instant now) {
        Instant cutoff = now.minusSeconds(policy.getPeriodSeconds());
        int change = 0;
        synchronized (events) {
            for (ScaleEvent e : events) {
                if (e.at().isAfter(cutoff)) {
                    change += e.change();
                }
            }
        }
        return change;
    }

    private static int longestPeriod(HPAScalingRules rules) {
        return policies(rules).stream().mapToInt(HPAScalingPolicy::getPeriodSeconds).max().orElse(0);
    }

    private static List<HPAScalingPolicy> policies(HPAScalingRules rules) {
        return rules == null || rules.getPolicies() == null ? List.of() : rules.getPolicies();
    }

    private static ConditionUpdate readyForNewScale() {
        return ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, true, "ReadyForNewScale",
                "recommended size matches current size");
    }
}
