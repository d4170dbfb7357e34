package skiff.controllers.podautoscaler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many replicas a resource metric asks for (k/k pkg/controller/podautoscaler/replica_calculator.go, 1.32): the
 * usage ratio to the target times the ready pods, unless within the tolerance. Pods being deleted or failed are
 * ignored; pending pods, and for cpu pods not ready yet within the initialization period, are unready; pods without a
 * sample are missing. Unready and missing pods count as using nothing on a scale-up and (missing ones) their request
 * or the target on a scale-down, and only if that does not turn the direction around.
 */
public record ReplicaCalculator(HorizontalOptions options) {

    /** A utilization target's proposal: the replicas, the current utilization (%) and average usage (milli). */
    public record UtilizationProposal(int replicas, int utilization, long rawAverage) {}

    /** An average value target's proposal: the replicas and the current average usage (milli). */
    public record ValueProposal(int replicas, long usage) {}

    private record PodGroups(int ready, Set<String> unready, Set<String> missing, Set<String> ignored) {}

    // GetResourceReplicas.
    public UtilizationProposal resourceReplicas(int currentReplicas, int targetUtilization, String resource,
            String container, Map<String, PodMetric> sampled, List<Pod> pods, Instant now)
            throws MetricsUnavailableException {
        if (pods.isEmpty()) {
            throw new MetricsUnavailableException("no pods returned by selector while calculating replica count");
        }
        Map<String, PodMetric> metrics = new HashMap<>(sampled);
        PodGroups groups = group(pods, metrics, resource, now);
        metrics.keySet().removeAll(groups.ignored());
        metrics.keySet().removeAll(groups.unready());
        if (metrics.isEmpty()) {
            throw new MetricsUnavailableException("did not receive metrics for targeted pods (pods might be unready)");
        }
        Map<String, Long> requests = requests(pods, container, resource);
        Utilization first = utilization(metrics, requests, targetUtilization);
        double ratio = first.ratio();
        boolean scaleUpWithUnready = !groups.unready().isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && groups.missing().isEmpty()) {
            if (Math.abs(1.0 - ratio) <= options.tolerance()) {
                return new UtilizationProposal(currentReplicas, first.utilization(), first.rawAverage());
            }
            return new UtilizationProposal((int) Math.ceil(ratio * groups.ready()), first.utilization(),
                    first.rawAverage());
        }
        if (!groups.missing().isEmpty()) {
            // A scale-down takes missing pods at their request (or the target, above 100%); a scale-up at nothing.
            long fallback = Math.max(100, targetUtilization);
            for (String pod : groups.missing()) {
                if (ratio < 1.0) {
                    metrics.put(pod, new PodMetric(requests.getOrDefault(pod, 0L) * fallback / 100, now,
                            java.time.Duration.ZERO));
                } else if (ratio > 1.0) {
                    metrics.put(pod, new PodMetric(0, now, java.time.Duration.ZERO));
                }
            }
        }
        if (scaleUpWithUnready) {
            for (String pod : groups.unready()) {
                metrics.put(pod, new PodMetric(0, now, java.time.Duration.ZERO));
            }
        }
        double newRatio = utilization(metrics, requests, targetUtilization).ratio();
        int replicas = settle(currentReplicas, ratio, newRatio, metrics.size());
        return new UtilizationProposal(replicas, first.utilization(), first.rawAverage());
    }

    // GetRawResourceReplicas and calcPlainMetricReplicas.
    public ValueProposal rawResourceReplicas(int currentReplicas, long targetMilli, String resource,
            Map<String, PodMetric> sampled, List<Pod> pods, Instant now) throws MetricsUnavailableException {
        if (pods.isEmpty()) {
            throw new MetricsUnavailableException("no pods returned by selector while calculating replica count");
        }
        Map<String, PodMetric> metrics = new HashMap<>(sampled);
        PodGroups groups = group(pods, metrics, resource, now);
        metrics.keySet().removeAll(groups.ignored());
        metrics.keySet().removeAll(groups.unready());
        if (metrics.isEmpty()) {
            throw new MetricsUnavailableException("did not receive metrics for targeted pods (pods might be unready)");
        }
        long usage = average(metrics);
        double ratio = (double) usage / targetMilli;
        boolean scaleUpWithUnready = !groups.unready().isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && groups.missing().isEmpty()) {
            if (Math.abs(1.0 - ratio) <= options.tolerance()) {
                return new ValueProposal(currentReplicas, usage);
            }
            return new ValueProposal((int) Math.ceil(ratio * groups.ready()), usage);
        }
        for (String pod : groups.missing()) {
            // A scale-down takes missing pods at exactly the target; a scale-up at nothing.
            metrics.put(pod, new PodMetric(ratio < 1.0 ? targetMilli : 0, now, java.time.Duration.ZERO));
        }
        if (scaleUpWithUnready) {
            for (String pod : groups.unready()) {
                metrics.put(pod, new PodMetric(0, now, java.time.Duration.ZERO));
            }
        }
        double newRatio = (double) average(metrics) / targetMilli;
        return new ValueProposal(settle(currentReplicas, ratio, newRatio, metrics.size()), usage);
    }

    // The second pass: no change within the tolerance or when the direction would turn around.
    private int settle(int currentReplicas, double ratio, double newRatio, int counted) {
        if (Math.abs(1.0 - newRatio) <= options.tolerance() || (ratio < 1.0 && newRatio > 1.0)
                || (ratio > 1.0 && newRatio < 1.0)) {
            return currentReplicas;
        }
        int replicas = (int) Math.ceil(newRatio * counted);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
            return currentReplicas;
        }
        return replicas;
    }

    // groupPods.
    private PodGroups group(List<Pod> pods, Map<String, PodMetric> metrics, String resource, Instant now) {
        int ready = 0;
        Set<String> unready = new HashSet<>();
        Set<String> missing = new HashSet<>();
        Set<String> ignored = new HashSet<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (pod.getMetadata().getDeletionTimestamp() != null || "Failed".equals(phase)) {
                ignored.add(name);
                continue;
            }
            if ("Pending".equals(phase)) {
                unready.add(name);
                continue;
            }
            PodMetric metric = metrics.get(name);
            if (metric == null) {
                missing.add(name);
                continue;
            }
            if (resource.equals("cpu") && cpuUnready(pod, metric, now)) {
                unready.add(name);
                continue;
            }
            ready++;
        }
        return new PodGroups(ready, unready, missing, ignored);
    }

    // A cpu sample is not used while the pod initializes: not ready, or sampled before a full window since it became
    // ready; later, only when the pod has never been ready since its initial readiness delay.
    private boolean cpuUnready(Pod pod, PodMetric metric, Instant now) {
        PodCondition condition = pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions()
                .stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
        String started = pod.getStatus().getStartTime();
        if (condition == null || started == null) {
            return true;
        }
        Instant start = Instant.parse(started);
        Instant transition = condition.getLastTransitionTime() == null ? Instant.EPOCH
                : Instant.parse(condition.getLastTransitionTime());
        if (start.plus(options.cpuInitializationPeriod()).isAfter(now)) {
            return "False".equals(condition.getStatus())
                    || metric.timestamp().isBefore(transition.plus(metric.window()));
        }
        return "False".equals(condition.getStatus()) && start.plus(options.initialReadinessDelay()).isAfter(transition);
    }

    private record Utilization(double ratio, int utilization, long rawAverage) {}

    // metrics/utilization.go GetResourceUtilizationRatio: only pods with a request count.
    private static Utilization utilization(Map<String, PodMetric> metrics, Map<String, Long> requests, int target)
            throws MetricsUnavailableException {
        long metricsTotal = 0;
        long requestsTotal = 0;
        int entries = 0;
        for (Map.Entry<String, PodMetric> e : metrics.entrySet()) {
            Long request = requests.get(e.getKey());
            if (request == null) {
                continue;
            }
            metricsTotal += e.getValue().milliValue();
            requestsTotal += request;
            entries++;
        }
        if (requestsTotal == 0) {
            throw new MetricsUnavailableException("no metrics returned matched known pods");
        }
        int current = (int) (metricsTotal * 100 / requestsTotal);
        return new Utilization((double) current / target, current, metricsTotal / entries);
    }

    // metrics/utilization.go GetMetricUsageRatio: the integer average.
    private static long average(Map<String, PodMetric> metrics) {
        long total = 0;
        for (PodMetric m : metrics.values()) {
            total += m.milliValue();
        }
        return total / metrics.size();
    }

    // calculatePodRequests: the regular containers' and restartable init containers' requests, each required.
    private static Map<String, Long> requests(List<Pod> pods, String container, String resource)
            throws MetricsUnavailableException {
        Map<String, Long> requests = new HashMap<>();
        for (Pod pod : pods) {
            List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
            if (pod.getSpec().getInitContainers() != null) {
                pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy()))
                        .forEach(containers::add);
            }
            long sum = 0;
            for (Container c : containers) {
                if (!container.isEmpty() && !container.equals(c.getName())) {
                    continue;
                }
                Quantity request = c.getResources() == null || c.getResources().getRequests() == null ? null
                        : c.getResources().getRequests().get(resource);
                if (request == null) {
                    throw new MetricsUnavailableException("missing request for " + resource + " in container "
                            + c.getName() + " of Pod " + pod.getMetadata().getName());
                }
                sum += ApiPodMetricsSource.milli(request);
            }
            requests.put(pod.getMetadata().getName(), sum);
        }
        return requests;
    }
}
