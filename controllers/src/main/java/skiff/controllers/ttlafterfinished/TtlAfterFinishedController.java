package skiff.controllers.ttlafterfinished;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.SyncResult;

/**
 * Deletes finished jobs once their {@code ttlSecondsAfterFinished} has passed (k/k pkg/controller/ttlafterfinished/
 * ttlafterfinished_controller.go, 1.32), a controller of its own with its own account, as in kube-controller-manager:
 * the job controller's role may not delete jobs.
 */
public final class TtlAfterFinishedController {
    public static final String NAME = "ttl-after-finished";
    // k/k cmd/kube-controller-manager/app/batch.go: --concurrent-ttl-after-finished-syncs defaults to 5.
    private static final int WORKERS = 5;

    private TtlAfterFinishedController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Job> jobs = context.informers().forType(Job.class);
        RateLimitingQueue<String> queue = context.queue("ttl_jobs_to_delete");
        jobs.addEventHandler(new Changes(queue));
        KubernetesClient client = context.client();
        TtlAfterFinished ttl = new TtlAfterFinished(job -> delete(client, job));
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(jobs))
                .handler(key -> {
                    Job job = jobs.getIndexer().getByKey(key);
                    return job == null || job.getStatus() == null ? SyncResult.done()
                            : ttl.check(job, context.clock().now());
                })
                .workers(WORKERS)
                .build();
    }

    // ttlafterfinished_controller.go processJob: foreground deletion, so the job's pods go first.
    private static void delete(KubernetesClient client, Job job) {
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    // ttlafterfinished_controller.go addJob and updateJob: jobs with a TTL are queued; check ignores unfinished ones.
    private record Changes(RateLimitingQueue<String> queue) implements ResourceEventHandler<Job> {
        @Override
        public void onAdd(Job job) {
            enqueue(job);
        }

        @Override
        public void onUpdate(Job old, Job job) {
            enqueue(job);
        }

        @Override
        public void onDelete(Job job, boolean finalStateUnknown) {
            // Nothing left to delete.
        }

        private void enqueue(Job job) {
            if (job.getSpec() != null && job.getSpec().getTtlSecondsAfterFinished() != null) {
                queue.add(Cache.metaNamespaceKeyFunc(job));
            }
        }
    }
}
