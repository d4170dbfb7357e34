package skiff.controllers.podautoscaler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricValueStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import skiff.api.selector.LabelSelector;
import skiff.api.selector.SelectorParseException;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;

/**
 * One reconcile of one HorizontalPodAutoscaler (k/k pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler,
 * 1.32): read the target's scale, compute the replicas each metric asks for, keep to min/max and the behavior, write
 * the scale and the status with the AbleToScale, ScalingActive and ScalingLimited conditions, and record events.
 * Every autoscaler is looked at again after the sync period whatever happened.
 */
public final class HorizontalSync {
    /** The informer caches the sync reads. */
    public interface Caches {
        HorizontalPodAutoscaler autoscaler(String key);

        List<Pod> pods(String namespace, LabelSelector selector);
    }

    /** Writes an autoscaler's status subresource. */
    @FunctionalInterface
    public interface StatusWriter {
        void write(HorizontalPodAutoscaler hpa);
    }

    private final Caches caches;
    private final PodMetricsSource metrics;
    private final TargetScales scales;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Clock clock;
    private final HorizontalOptions options;
    private final ReplicaCalculator calculator;
    private final ScalingPlanner planner;

    public HorizontalSync(Caches caches, PodMetricsSource metrics, TargetScales scales, StatusWriter statusWriter,
            EventRecorder events, Clock clock, HorizontalOptions options) {
        this.caches = caches;
        this.metrics = metrics;
        this.scales = scales;
        this.statusWriter = statusWriter;
        this.events = events;
        this.clock = clock;
        this.options = options;
        this.calculator = new ReplicaCalculator(options);
        this.planner = new ScalingPlanner(options.downscaleStabilization());
    }

    /** Forgets the recommendations and scale events of an autoscaler that was deleted. */
    public void forget(String key) {
        planner.forget(key);
    }

    public SyncResult sync(String key) {
        HorizontalPodAutoscaler cached = caches.autoscaler(key);
        if (cached == null) {
            planner.forget(key);
            return SyncResult.done();
        }
        HorizontalPodAutoscaler hpa = Serialization.clone(cached);
        if (hpa.getStatus() == null) {
            hpa.setStatus(new HorizontalPodAutoscalerStatus());
        }
        HorizontalPodAutoscalerStatus original = Serialization.clone(hpa.getStatus());
        try {
            reconcile(hpa, key, original);
        } catch (MetricsUnavailableException e) {
            // Already reported through conditions and events; the next period tries again.
        }
        return SyncResult.requeueAfter(options.syncPeriod());
    }

    private void reconcile(HorizontalPodAutoscaler hpa, String key, HorizontalPodAutoscalerStatus original)
            throws MetricsUnavailableException {
        var ref = hpa.getSpec().getScaleTargetRef();
        TargetScale scale;
        try {
            scale = scales.get(hpa.getMetadata().getNamespace(), Objects.requireNonNullElse(ref.getApiVersion(), ""),
                    ref.getKind(), ref.getName());
        } catch (MetricsUnavailableException e) {
            events.event(hpa, EventRecorder.WARNING, "FailedGetScale", e.getMessage());
            setCondition(hpa, ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, false, "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: " + e.getMessage()));
            writeIfChanged(original, hpa);
            throw e;
        }
        setCondition(hpa, ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, true, "SucceededGetScale",
                "the HPA controller was able to get the target's current scale"));
        int current = scale.specReplicas();
        Instant now = clock.now();
        planner.recordInitial(key, current, now);
        int min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas() == null ? 0 : hpa.getSpec().getMaxReplicas();
        int desired = 0;
        String reason = "";
        boolean rescale = true;
        List<MetricStatus> statuses = List.of();
        if (current == 0 && min != 0) {
            rescale = false;
            setCondition(hpa, ConditionUpdate.of(ConditionUpdate.SCALING_ACTIVE, false, "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero"));
        } else if (current > max) {
            reason = "Current number of replicas above Spec.MaxReplicas";
            desired = max;
        } else if (current < min) {
            reason = "Current number of replicas below Spec.MinReplicas";
            desired = min;
        } else {
            MetricsOutcome outcome = computeReplicasForMetrics(hpa, scale, current);
            statuses = outcome.statuses();
            if (outcome.replicas() < 0) {
                setStatus(hpa, current, hpa.getStatus().getDesiredReplicas(), statuses, false);
                writeIfChanged(original, hpa);
                events.event(hpa, EventRecorder.WARNING, "FailedComputeMetricsReplicas", outcome.error());
                throw new MetricsUnavailableException(outcome.error());
            }
            desired = Math.max(0, outcome.replicas());
            if (desired > current) {
                reason = outcome.metric() + " above target";
            }
            if (desired < current) {
                reason = "All metrics below target";
            }
            ScalingPlanner.Plan plan = planner.plan(key, hpa.getSpec().getBehavior(), current, desired, min, max, now);
            setCondition(hpa, plan.ableToScale());
            setCondition(hpa, plan.scalingLimited());
            desired = plan.replicas();
            rescale = desired != current;
        }
        if (rescale) {
            try {
                scales.update(scale, desired);
            } catch (MetricsUnavailableException e) {
                events.event(hpa, EventRecorder.WARNING, "FailedRescale",
                        "New size: " + desired + "; reason: " + reason + "; error: " + e.getMessage());
                setCondition(hpa, ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, false, "FailedUpdateScale",
                        "the HPA controller was unable to update the target scale: " + e.getMessage()));
                setStatus(hpa, current, hpa.getStatus().getDesiredReplicas(), statuses, false);
                writeIfChanged(original, hpa);
                throw e;
            }
            setCondition(hpa, ConditionUpdate.of(ConditionUpdate.ABLE_TO_SCALE, true, "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + desired));
            events.event(hpa, EventRecorder.NORMAL, "SuccessfulRescale",
                    "New size: " + desired + "; reason: " + reason);
            planner.recordScale(key, hpa.getSpec().getBehavior(), current, desired, now);
        } else {
            desired = current;
        }
        setStatus(hpa, current, desired, statuses, rescale);
        writeIfChanged(original, hpa);
    }

    private record MetricsOutcome(int replicas, String metric, List<MetricStatus> statuses, String error) {}

    // computeReplicasForMetrics: the highest proposal of the metrics that worked; none working, or a scale-down with
    // some failing, keeps the replicas and reports the first failure.
    private MetricsOutcome computeReplicasForMetrics(HorizontalPodAutoscaler hpa, TargetScale scale, int current) {
        List<MetricSpec> specs = hpa.getSpec().getMetrics() == null ? List.of() : hpa.getSpec().getMetrics();
        List<MetricStatus> statuses = new ArrayList<>();
        if (scale.selector().isEmpty()) {
            events.event(hpa, EventRecorder.WARNING, "SelectorRequired", "selector is required");
            setCondition(hpa, ConditionUpdate.of(ConditionUpdate.SCALING_ACTIVE, false, "InvalidSelector",
                    "the HPA target's scale is missing a selector"));
            return new MetricsOutcome(-1, "", statuses, "selector is required");
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(scale.selector());
        } catch (SelectorParseException e) {
            String message = "couldn't convert selector into a corresponding internal selector object: "
                    + e.getMessage();
            events.event(hpa, EventRecorder.WARNING, "InvalidSelector", message);
            setCondition(hpa, ConditionUpdate.of(ConditionUpdate.SCALING_ACTIVE, false, "InvalidSelector", message));
            return new MetricsOutcome(-1, "", statuses, message);
        }
        int replicas = 0;
        String metric = "";
        int invalid = 0;
        ConditionUpdate firstCondition = null;
        String firstError = null;
        for (MetricSpec spec : specs) {
            MetricStatus status = new MetricStatus();
            status.setType("");
            try {
                Proposal proposal = computeReplicasForMetric(hpa, spec, selector, current, status);
                if (replicas == 0 || proposal.replicas() > replicas) {
                    replicas = proposal.replicas();
                    metric = proposal.metric();
                }
            } catch (MetricFailure failure) {
                if (invalid == 0) {
                    firstCondition = failure.condition();
                    firstError = failure.getMessage();
                }
                invalid++;
            }
            statuses.add(status);
        }
        String error = firstError == null ? null
                : "invalid metrics (" + invalid + " invalid out of " + specs.size() + "), first error is: "
                        + firstError;
        if (invalid >= specs.size() || (invalid > 0 && replicas < current)) {
            if (firstCondition != null) {
                setCondition(hpa, firstCondition);
            }
            return new MetricsOutcome(-1, "", statuses, error == null ? "no metrics" : error);
        }
        setCondition(hpa, ConditionUpdate.of(ConditionUpdate.SCALING_ACTIVE, true, "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + metric));
        return new MetricsOutcome(replicas, metric, statuses, error);
    }

    private record Proposal(int replicas, String metric) {}

    private static final class MetricFailure extends Exception {
        private final transient ConditionUpdate condition;

        MetricFailure(String message, ConditionUpdate condition) {
            super(message, null, false, false);
            this.condition = condition;
        }

        ConditionUpdate condition() {
            return condition;
        }
    }

    private Proposal computeReplicasForMetric(HorizontalPodAutoscaler hpa, MetricSpec spec, LabelSelector selector,
            int current, MetricStatus status) throws MetricFailure {
        String type = Objects.requireNonNullElse(spec.getType(), "");
        switch (type) {
            case "Resource", "ContainerResource" -> {
                boolean container = type.equals("ContainerResource");
                String name = container ? spec.getContainerResource().getName() : spec.getResource().getName();
                String containerName = container ? spec.getContainerResource().getContainer() : "";
                MetricTarget target = container ? spec.getContainerResource().getTarget()
                        : spec.getResource().getTarget();
                String reason = container ? "FailedGetContainerResourceMetric" : "FailedGetResourceMetric";
                String wrap = container ? "failed to get " + name + " container metric value: "
                        : "failed to get " + name + " resource metric value: ";
                try {
                    ResourceOutcome outcome = resourceMetric(hpa, target, name, containerName, selector, current,
                            container);
                    status.setType(type);
                    if (container) {
                        status.setContainerResource(new io.fabric8.kubernetes.api.model.autoscaling.v2
                                .ContainerResourceMetricStatus(name, outcome.current(), containerName));
                    } else {
                        status.setResource(new io.fabric8.kubernetes.api.model.autoscaling.v2
                                .ResourceMetricStatus(outcome.current(), name));
                    }
                    return new Proposal(outcome.replicas(), outcome.metric());
                } catch (MetricsUnavailableException e) {
                    throw new MetricFailure(wrap + e.getMessage(), unableToCompute(hpa, reason, e.getMessage()));
                }
            }
            case "Pods", "Object", "External" -> {
                // No custom or external metrics API is served (k/k: custom_metrics / external_metrics clients).
                String api = type.equals("External") ? "external" : "custom";
                String message = "unable to get " + (type.equals("External") ? "external " : "") + "metric "
                        + metricName(spec) + ": unable to fetch metrics from " + api + " metrics API: no " + api
                        + " metrics API (" + api + ".metrics.k8s.io) registered";
                String reason = "FailedGet" + type + "Metric";
                throw new MetricFailure("failed to get " + type.toLowerCase(java.util.Locale.ROOT)
                        + " metric value: " + message, unableToCompute(hpa, reason, message));
            }
            default -> {
                String message = "unknown metric source type \"" + type + "\"";
                throw new MetricFailure(message, unableToCompute(hpa, "InvalidMetricSourceType", message));
            }
        }
    }

    private static String metricName(MetricSpec spec) {
        if (spec.getPods() != null && spec.getPods().getMetric() != null) {
            return spec.getPods().getMetric().getName();
        }
        if (spec.getObject() != null && spec.getObject().getMetric() != null) {
            return spec.getObject().getMetric().getName();
        }
        if (spec.getExternal() != null && spec.getExternal().getMetric() != null) {
            return spec.getExternal().getMetric().getName();
        }
        return "";
    }

    private record ResourceOutcome(int replicas, MetricValueStatus current, String metric) {}

    // computeStatusForResourceMetricGeneric.
    private ResourceOutcome resourceMetric(HorizontalPodAutoscaler hpa, MetricTarget target, String resource,
            String container, LabelSelector selector, int current, boolean containerSource)
            throws MetricsUnavailableException {
        String namespace = hpa.getMetadata().getNamespace();
        if (target.getAverageValue() != null) {
            long targetMilli = ApiPodMetricsSource.milli(target.getAverageValue());
            ResourceMetrics sampled = sample(namespace, selector, resource, container, "usage");
            ReplicaCalculator.ValueProposal proposal;
            try {
                proposal = calculator.rawResourceReplicas(current, targetMilli, resource, sampled.pods(),
                        caches.pods(namespace, selector), clock.now());
            } catch (MetricsUnavailableException e) {
                throw new MetricsUnavailableException("failed to get " + resource + " usage: " + e.getMessage());
            }
            MetricValueStatus status = new MetricValueStatus();
            status.setAverageValue(new Quantity(MilliQuantity.format(proposal.usage())));
            return new ResourceOutcome(proposal.replicas(), status, resource + " resource");
        }
        if (target.getAverageUtilization() == null) {
            throw new MetricsUnavailableException("invalid resource metric source: neither an average utilization "
                    + "target nor an average value (usage) target was set");
        }
        ResourceMetrics sampled = sample(namespace, selector, resource, container, "utilization");
        ReplicaCalculator.UtilizationProposal proposal;
        try {
            proposal = calculator.resourceReplicas(current, target.getAverageUtilization(), resource, container,
                    sampled.pods(), caches.pods(namespace, selector), clock.now());
        } catch (MetricsUnavailableException e) {
            throw new MetricsUnavailableException("failed to get " + resource + " utilization: " + e.getMessage());
        }
        MetricValueStatus status = new MetricValueStatus();
        status.setAverageUtilization(proposal.utilization());
        status.setAverageValue(new Quantity(MilliQuantity.format(proposal.rawAverage())));
        String metric = resource + (containerSource ? " container" : "")
                + " resource utilization (percentage of request)";
        return new ResourceOutcome(proposal.replicas(), status, metric);
    }

    // replica_calculator.go: a metrics failure reads "failed to get cpu utilization: unable to get metrics for ...".
    private ResourceMetrics sample(String namespace, LabelSelector selector, String resource, String container,
            String what) throws MetricsUnavailableException {
        try {
            return metrics.resourceMetrics(namespace, selector.toString(), resource, container);
        } catch (MetricsUnavailableException e) {
            throw new MetricsUnavailableException("failed to get " + resource + " " + what
                    + ": unable to get metrics for resource " + resource + ": " + e.getMessage());
        }
    }

    // getUnableComputeReplicaCountCondition: a Warning event and ScalingActive False.
    private ConditionUpdate unableToCompute(HorizontalPodAutoscaler hpa, String reason, String message) {
        events.event(hpa, EventRecorder.WARNING, reason, message);
        return ConditionUpdate.of(ConditionUpdate.SCALING_ACTIVE, false, reason,
                "the HPA was unable to compute the replica count: " + message);
    }

    // setStatus: lastScaleTime moves only on a rescale.
    private void setStatus(HorizontalPodAutoscaler hpa, int current, Integer desired, List<MetricStatus> metrics,
            boolean rescaled) {
        HorizontalPodAutoscalerStatus status = hpa.getStatus();
        status.setCurrentReplicas(current);
        status.setDesiredReplicas(desired == null ? 0 : desired);
        status.setCurrentMetrics(metrics.isEmpty() ? null : metrics);
        if (rescaled) {
            status.setLastScaleTime(timestamp(clock.now()));
        }
    }

    // setCondition: a new status moves lastTransitionTime; reason and message are always the latest.
    private void setCondition(HorizontalPodAutoscaler hpa, ConditionUpdate update) {
        List<HorizontalPodAutoscalerCondition> conditions = hpa.getStatus().getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(hpa.getStatus().getConditions());
        HorizontalPodAutoscalerCondition existing = conditions.stream()
                .filter(c -> update.type().equals(c.getType())).findFirst().orElse(null);
        if (existing == null) {
            existing = new HorizontalPodAutoscalerCondition();
            existing.setType(update.type());
            conditions.add(existing);
        }
        if (!update.status().equals(existing.getStatus())) {
            existing.setLastTransitionTime(timestamp(clock.now()));
        }
        existing.setStatus(update.status());
        existing.setReason(update.reason());
        existing.setMessage(update.message());
        hpa.getStatus().setConditions(conditions);
    }

    // updateStatusIfNeeded.
    private void writeIfChanged(HorizontalPodAutoscalerStatus original, HorizontalPodAutoscaler hpa) {
        if (original.equals(hpa.getStatus())) {
            return;
        }
        try {
            statusWriter.write(hpa);
        } catch (RuntimeException e) {
            events.event(hpa, EventRecorder.WARNING, "FailedUpdateStatus", String.valueOf(e.getMessage()));
        }
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
