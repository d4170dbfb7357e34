package skiff.controllers.cronjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ControllerRefManager;
import skiff.controllers.framework.ManagedController;

/**
 * Creates each batch/v1 CronJob's jobs on its schedule (k/k pkg/controller/cronjob/cronjob_controllerv2.go, 1.32).
 * Every sync asks to be requeued just after the next activation, by the manager's clock.
 */
public final class CronJobController implements ManagedController {
    public static final String NAME = "cronjob";
    private static final int WORKERS = 5;

    private final SharedIndexInformer<CronJob> cronJobs;
    private final SharedIndexInformer<Job> jobs;
    private final RateLimitingQueue<String> queue;
    private final EventRecorder events;
    private final Controller<String> runner;

    private CronJobController(ControllerContext context) {
        this.cronJobs = context.informers().forType(CronJob.class);
        this.jobs = context.informers().forType(Job.class);
        this.queue = context.queue("cronjob");
        this.events = context.eventRecorder("cronjob-controller");
        CronJobSync sync = new CronJobSync(new Caches(), new Api(context.client()), events, context.clock());
        cronJobs.addEventHandler(new CronJobChanges());
        jobs.addEventHandler(new JobChanges());
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(cronJobs, jobs))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    public static CronJobController create(ControllerContext context) {
        return new CronJobController(context);
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

    private Optional<String> ownerKey(Job job) {
        Optional<OwnerReference> ref = ControllerRefManager.controllerOf(job);
        if (ref.isEmpty() || !"CronJob".equals(ref.get().getKind())) {
            return Optional.empty();
        }
        String key = job.getMetadata().getNamespace() + "/" + ref.get().getName();
        CronJob owner = cronJobs.getIndexer().getByKey(key);
        return owner != null && Objects.equals(owner.getMetadata().getUid(), ref.get().getUid()) ? Optional.of(key)
                : Optional.empty();
    }

    private final class CronJobChanges implements ResourceEventHandler<CronJob> {
        @Override
        public void onAdd(CronJob cronJob) {
            queue.add(Cache.metaNamespaceKeyFunc(cronJob));
        }

        @Override
        public void onUpdate(CronJob old, CronJob cronJob) {
            queue.add(Cache.metaNamespaceKeyFunc(cronJob));
        }

        @Override
        public void onDelete(CronJob cronJob, boolean finalStateUnknown) {
            queue.add(Cache.metaNamespaceKeyFunc(cronJob));
        }
    }

    private final class JobChanges implements ResourceEventHandler<Job> {
        @Override
        public void onAdd(Job job) {
            ownerKey(job).ifPresent(queue::add);
        }

        @Override
        public void onUpdate(Job old, Job job) {
            ownerKey(job).ifPresent(queue::add);
        }

        @Override
        public void onDelete(Job job, boolean finalStateUnknown) {
            ownerKey(job).ifPresent(queue::add);
        }
    }

    private final class Caches implements CronJobSync.Caches {
        @Override
        public CronJob cronJob(String key) {
            return cronJobs.getIndexer().getByKey(key);
        }

        @Override
        public List<Job> jobsOf(CronJob cronJob) {
            List<Job> owned = new ArrayList<>();
            for (Job job : jobs.getIndexer().byIndex(Cache.NAMESPACE_INDEX, cronJob.getMetadata().getNamespace())) {
                ControllerRefManager.controllerOf(job)
                        .filter(ref -> Objects.equals(ref.getUid(), cronJob.getMetadata().getUid()))
                        .ifPresent(ref -> owned.add(job));
            }
            return owned;
        }
    }

    private static final class Api implements CronJobSync.Api {
        private final KubernetesClient client;

        Api(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public Job createJob(String namespace, Job job) {
            return client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        }

        @Override
        public Job getJob(String namespace, String name) {
            return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        }

        // k/k cronjob_controllerv2.go deleteJob: background propagation.
        @Override
        public boolean deleteJob(Job job) {
            try {
                client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                return true;
            } catch (KubernetesClientException e) {
                return e.getCode() == 404;
            }
        }

        @Override
        public void writeStatus(CronJob cronJob, CronJobStatus status) {
            CronJob copy = new CronJobBuilder(cronJob).withStatus(status).build();
            client.batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(copy)
                    .updateStatus();
        }
    }
}
