package skiff.controllers.framework;

import io.fabric8.kubernetes.client.KubernetesClient;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.client.workqueue.WorkqueueMetrics;

/**
 * What a controller of one manager works with: its API client, the informers and the clock all share.
 *
 * @param client a fabric8 client of the API server with the controller's own credentials; the controller reaches
 *     the cluster through it and the shared informers only
 * @param queueMetrics the manager's work queue metrics, which each named queue reports to
 */
public record ControllerContext(KubernetesClient client, SharedInformers informers, Clock clock,
        WorkqueueMetrics queueMetrics) {

    /** A controller named {@code name} that runs on this manager's clock; the caller adds queue, informers, handler. */
    public <K> Controller.Builder<K> controller(String name) {
        return Controller.<K>builder(name).clock(clock);
    }

    /** This context with another client: a controller's own (k/k ControllerContext.ClientBuilder). */
    public ControllerContext withClient(KubernetesClient own) {
        return new ControllerContext(own, informers, clock, queueMetrics);
    }

    /**
     * A work queue with client-go's default controller rate limiter, reporting its metrics as {@code name} (the
     * queue name k/k's controller gives it, the {@code name} label of {@code workqueue_*}).
     */
    public <K> RateLimitingQueue<K> queue(String name) {
        return RateLimitingQueue.withDefaultRateLimiter(clock, queueMetrics.forQueue(name, clock));
    }

    /** An event recorder that reports as {@code component} (the Event's source.component). */
    public EventRecorder eventRecorder(String component) {
        return EventRecorder.forApi(client, clock, component);
    }
}
