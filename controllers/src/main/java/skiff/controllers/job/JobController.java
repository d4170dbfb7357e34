package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerRefManager;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.SyncResult;

/**
 * Runs each batch/v1 Job's pods to its completions (k/k pkg/controller/job/job_controller.go, 1.32). Pods are found
 * by their controller reference;
 * informer handlers note observed creations and deletions in the expectations and enqueue the job.
 */
public final class JobController implements ManagedController {
    public static final String NAME = "job";
    // Queue keys of pods that may hold the tracking finalizer without a job to count them.
    private static final String ORPHAN = "orphan-pod:";
    // k/k cmd/kube-controller-manager --concurrent-job-syncs default.
    private static final int WORKERS = 5;

    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;
    private final RateLimitingQueue<String> queue;
    private final ControllerExpectations expectations;
    private final EventRecorder events;
    private final Controller<String> runner;

    private JobController(ControllerContext context) {
        this.jobs = context.informers().forType(Job.class);
        this.pods = context.informers().forType(Pod.class);
        this.queue = context.queue("job");
        this.expectations = new ControllerExpectations(context.clock());
        this.events = context.eventRecorder("job-controller");
        KubernetesClient client = context.client();
        JobSync sync = new JobSync(new Caches(), new Api(client), expectations, events, context.clock());
        jobs.addEventHandler(new JobChanges());
        pods.addEventHandler(new PodChanges());
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(jobs, pods))
                .handler(key -> key.startsWith(ORPHAN) ? releaseOrphan(key.substring(ORPHAN.length()), client)
                        : sync.sync(key))
                .workers(WORKERS)
                .build();
    }

    public static JobController create(ControllerContext context) {
        return new JobController(context);
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

    // k/k job_controller.go syncOrphanPod: a pod whose job is gone (or never was) lets go of the tracking
    // finalizer, or it could never be deleted.
    private SyncResult releaseOrphan(String podKey, KubernetesClient client) {
        Pod pod = pods.getIndexer().getByKey(podKey);
        if (pod != null && JobPods.tracked(pod) && owner(pod).isEmpty()) {
            new Api(client).removeTrackingFinalizer(pod);
        }
        return SyncResult.done();
    }

    private static String key(Job job) {
        return Cache.metaNamespaceKeyFunc(job);
    }

    private Optional<Job> owner(Pod pod) {
        Optional<OwnerReference> ref = ControllerRefManager.controllerOf(pod);
        if (ref.isEmpty() || !"Job".equals(ref.get().getKind())) {
            return Optional.empty();
        }
        Job job = jobs.getIndexer().getByKey(pod.getMetadata().getNamespace() + "/" + ref.get().getName());
        return job != null && Objects.equals(job.getMetadata().getUid(), ref.get().getUid()) ? Optional.of(job)
                : Optional.empty();
    }

    private final class JobChanges implements ResourceEventHandler<Job> {
        @Override
        public void onAdd(Job job) {
            queue.add(key(job));
        }

        @Override
        public void onUpdate(Job old, Job job) {
            queue.add(key(job));
        }

        @Override
        public void onDelete(Job job, boolean finalStateUnknown) {
            queue.add(key(job));
            for (Pod pod : new Caches().podsOf(job)) {
                if (JobPods.tracked(pod)) {
                    queue.add(ORPHAN + PodChanges.podKey(pod));
                }
            }
        }
    }

    private final class PodChanges implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            enqueueIfOrphan(pod);
            owner(pod).ifPresent(job -> {
                if (pod.getMetadata().getDeletionTimestamp() == null) {
                    expectations.creationObserved(key(job));
                } else {
                    expectations.deletionObserved(key(job), podKey(pod));
                }
                queue.add(key(job));
            });
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            enqueueIfOrphan(pod);
            owner(pod).ifPresent(job -> {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(key(job), podKey(pod));
                }
                queue.add(key(job));
            });
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            owner(pod).ifPresent(job -> {
                expectations.deletionObserved(key(job), podKey(pod));
                queue.add(key(job));
            });
        }

        private void enqueueIfOrphan(Pod pod) {
            if (JobPods.tracked(pod) && owner(pod).isEmpty()) {
                queue.add(ORPHAN + podKey(pod));
            }
        }

        static String podKey(Pod pod) {
            return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        }
    }

    private final class Caches implements JobSync.Caches {
        @Override
        public Job job(String key) {
            return jobs.getIndexer().getByKey(key);
        }

        @Override
        public List<Pod> podsOf(Job job) {
            List<Pod> owned = new ArrayList<>();
            for (Pod pod : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, job.getMetadata().getNamespace())) {
                ControllerRefManager.controllerOf(pod)
                        .filter(ref -> Objects.equals(ref.getUid(), job.getMetadata().getUid()))
                        .ifPresent(ref -> owned.add(pod));
            }
            return owned;
        }
    }

    private static final class Api implements JobSync.Api {
        private final KubernetesClient client;

        Api(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public Job writeStatus(Job job, JobStatus status) {
            Job copy = new JobBuilder(job).withStatus(status).build();
            return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(copy)
                    .updateStatus();
        }

        // k/k job_controller.go removeTrackingFinalizerPatch: only this finalizer goes, whatever else changes; a JSON
        // patch that tests it is still at that place stands in for k/k's strategic $deleteFromPrimitiveList.
        @Override
        public void removeTrackingFinalizer(Pod pod) {
            List<String> finalizers = pod.getMetadata().getFinalizers();
            int at = finalizers == null ? -1 : finalizers.indexOf(JobPods.TRACKING_FINALIZER);
            if (at < 0) {
                return;
            }
            String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + at + "\",\"value\":\""
                    + JobPods.TRACKING_FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + at
                    + "\"}]";
            try {
                // resource(pod): withName would GET the pod first, outside system:controller:job-controller.
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                        .patch(PatchContext.of(PatchType.JSON), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }

        @Override
        public Pod createPod(String namespace, Pod pod) {
            return client.pods().inNamespace(namespace).resource(pod).create();
        }

        @Override
        public void deletePod(Pod pod) {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .delete();
        }
    }
}
