package skiff.controllers.podautoscaler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import skiff.api.selector.LabelSelector;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.RawRequests;

/**
 * The HPA controller (k/k pkg/controller/podautoscaler, kube-controller-manager's "horizontalpodautoscaling"
 * controller, 1.32): reconciles every autoscaling/v2 HorizontalPodAutoscaler each sync period, reading pods' usage
 * from the resource metrics API and scaling the target through its /scale subresource.
 */
public final class HorizontalController implements ManagedController {
    public static final String NAME = "horizontalpodautoscaling";

    private final Controller<String> runner;
    private final EventRecorder events;

    private HorizontalController(ControllerContext context, HorizontalOptions options, PodMetricsSource metrics) {
        SharedIndexInformer<HorizontalPodAutoscaler> autoscalers =
                context.informers().forType(HorizontalPodAutoscaler.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        RateLimitingQueue<String> queue = RateLimitingQueue.withDefaultRateLimiter(context.clock());
        // k/k: the Event source is the horizontal-pod-autoscaler component.
        this.events = context.eventRecorder("horizontal-pod-autoscaler");
        KubernetesClient client = context.client();
        HorizontalSync sync = new HorizontalSync(new InformerCaches(autoscalers.getIndexer(), pods.getIndexer()),
                metrics, new ApiTargetScales(client), hpa -> client.autoscaling().v2().horizontalPodAutoscalers()
                        .inNamespace(hpa.getMetadata().getNamespace()).resource(hpa).updateStatus(),
                events, context.clock(), options);
        autoscalers.addEventHandler(new AutoscalerChanges(queue, sync));
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(autoscalers, pods))
                .handler(sync::sync)
                .workers(1)
                .build();
    }

    /** The controller reading metrics from the API server's metrics.k8s.io. */
    public static ManagedController create(ControllerContext context, HorizontalOptions options) {
        return new HorizontalController(context, options, new ApiPodMetricsSource(new RawRequests(context.client())));
    }

    /** The controller reading metrics from {@code metrics} (tests). */
    public static ManagedController create(ControllerContext context, HorizontalOptions options,
            PodMetricsSource metrics) {
        return new HorizontalController(context, options, metrics);
    }

    @Override
    public void start() {
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
        events.close();
    }

    private record InformerCaches(Indexer<HorizontalPodAutoscaler> autoscalers, Indexer<Pod> pods)
            implements HorizontalSync.Caches {
        @Override
        public HorizontalPodAutoscaler autoscaler(String key) {
            return autoscalers.getByKey(key);
        }

        @Override
        public List<Pod> pods(String namespace, LabelSelector selector) {
            return pods.byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                    .filter(p -> selector.matches(p.getMetadata().getLabels() == null ? Map.of()
                            : p.getMetadata().getLabels()))
                    .toList();
        }
    }

    // horizontal.go enqueueHPA/updateHPA/deleteHPA: a new autoscaler or a changed spec is reconciled now; the
    // controller's own status writes wait for the period.
    private record AutoscalerChanges(RateLimitingQueue<String> queue, HorizontalSync sync)
            implements ResourceEventHandler<HorizontalPodAutoscaler> {
        @Override
        public void onAdd(HorizontalPodAutoscaler hpa) {
            queue.add(Cache.metaNamespaceKeyFunc(hpa));
        }

        @Override
        public void onUpdate(HorizontalPodAutoscaler old, HorizontalPodAutoscaler hpa) {
            if (!Objects.equals(old.getSpec(), hpa.getSpec())) {
                queue.add(Cache.metaNamespaceKeyFunc(hpa));
            }
        }

        @Override
        public void onDelete(HorizontalPodAutoscaler hpa, boolean finalStateUnknown) {
            sync.forget(Cache.metaNamespaceKeyFunc(hpa));
        }
    }
}
