package skiff.controllers.podautoscaler;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skiff.controllers.framework.RawRequests;
import skiff.controllers.framework.RawResponse;

/**
 * Pod metrics from the resource metrics API the API server serves, metrics.k8s.io/v1beta1 PodMetrics listed by label
 * selector (k/k pkg/controller/podautoscaler/metrics/client.go resourceMetricsClient, 1.32). A pod is left out when a
 * container lacks the resource or it has no containers; a metrics API that is not served, or not ready, is an error
 * worded as client-go words those answers.
 */
public final class ApiPodMetricsSource implements PodMetricsSource {
    /** A GET of an API path, answered with the status code and body. */
    @FunctionalInterface
    public interface Get {
        RawResponse get(String path);
    }

    private final Get api;

    public ApiPodMetricsSource(Get api) {
        this.api = api;
    }

    /** Reads through {@code api}'s client, with its credentials. */
    public ApiPodMetricsSource(RawRequests api) {
        this(path -> api.send("GET", path, "application/json", null));
    }

    @Override
    public ResourceMetrics resourceMetrics(String namespace, String selector, String resource, String container)
            throws MetricsUnavailableException {
        String path = "/apis/metrics.k8s.io/v1beta1/namespaces/" + encode(namespace) + "/pods?labelSelector="
                + encode(selector);
        RawResponse answer;
        try {
            answer = api.get(path);
        } catch (RuntimeException e) {
            throw fetchFailed(String.valueOf(e.getMessage()));
        }
        if (!answer.successful()) {
            throw fetchFailed(describe(answer));
        }
        PodMetricsList list = Serialization.unmarshal(answer.body(), PodMetricsList.class);
        List<PodMetrics> items = list.getItems() == null ? List.of() : list.getItems();
        if (items.isEmpty()) {
            throw new MetricsUnavailableException("no metrics returned from resource metrics API");
        }
        Map<String, PodMetric> pods = new HashMap<>();
        for (PodMetrics m : items) {
            Long sum = sum(m.getContainers(), resource, container);
            if (sum != null) {
                pods.put(m.getMetadata().getName(),
                        new PodMetric(sum, instant(m.getTimestamp()), window(m.getWindow())));
            }
        }
        if (!container.isEmpty() && pods.isEmpty()) {
            throw new MetricsUnavailableException("failed to get container metrics: container " + container
                    + " not present in metrics for pod " + items.get(0).getMetadata().getNamespace() + "/"
                    + items.get(0).getMetadata().getName());
        }
        return new ResourceMetrics(pods, instant(items.get(0).getTimestamp()));
    }

    // client.go getPodMetrics: the sum over the pod's containers; any container without the resource drops the pod.
    private static Long sum(List<ContainerMetrics> containers, String resource, String only) {
        if (containers == null || containers.isEmpty()) {
            return null;
        }
        long sum = 0;
        boolean found = false;
        for (ContainerMetrics c : containers) {
            if (!only.isEmpty() && !only.equals(c.getName())) {
                continue;
            }
            Quantity usage = c.getUsage() == null ? null : c.getUsage().get(resource);
            if (usage == null) {
                return null;
            }
            sum += milli(usage);
            found = true;
        }
        return found ? sum : null;
    }

    /** A quantity in thousandths, rounded up as resource.Quantity MilliValue rounds. */
    static long milli(Quantity quantity) {
        BigDecimal amount = Quantity.getAmountInBytes(quantity);
        return amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static MetricsUnavailableException fetchFailed(String cause) {
        return new MetricsUnavailableException("unable to fetch metrics from resource metrics API: " + cause);
    }

    // client-go apimachinery errors.go: the text of a Status-less 404 or 503 for a list of pods.metrics.k8s.io.
    private static String describe(RawResponse answer) {
        return switch (answer.code()) {
            case 404 -> "the server could not find the requested resource (get pods.metrics.k8s.io)";
            case 503 -> "the server is currently unable to handle the request (get pods.metrics.k8s.io)";
            default -> statusMessage(answer);
        };
    }

    private static String statusMessage(RawResponse answer) {
        try {
            Object message = Serialization.unmarshal(answer.body(), Map.class).get("message");
            if (message != null) {
                return message.toString();
            }
        } catch (RuntimeException notStatus) {
            // Fall through to the code.
        }
        return "an error on the server (\"" + answer.body() + "\") has prevented the request from succeeding "
                + "(get pods.metrics.k8s.io)";
    }

    private static Instant instant(String time) {
        return time == null || time.isEmpty() ? Instant.EPOCH : Instant.parse(time);
    }

    private static Duration window(io.fabric8.kubernetes.api.model.Duration window) {
        return window == null || window.getDuration() == null ? Duration.ZERO : window.getDuration();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
