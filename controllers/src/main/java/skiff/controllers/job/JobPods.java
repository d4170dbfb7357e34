package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;
import skiff.client.pods.PodReadiness;

/** The pods of a job: how they are made from its template and what they say of themselves. */
final class JobPods {
    // k/k staging/src/k8s.io/api/batch/v1/types.go: the tracking finalizer and the index annotation/label.
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    // k/k pkg/controller/controller_utils.go ActivePods.Less: the pod to delete first is unscheduled, then pending
    // (before unknown, before running), then not ready, then the newer.
    static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod p) -> p.getSpec() != null && p.getSpec().getNodeName() != null
                    && !p.getSpec().getNodeName().isEmpty())
            .thenComparing(p -> switch (phase(p)) {
                case "Running" -> 2;
                case "Unknown" -> 1;
                default -> 0;
            })
            .thenComparing(PodReadiness::isReady)
            .thenComparing((Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""),
                    Comparator.reverseOrder());

    private JobPods() {}

    static boolean indexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    // k/k job_controller.go manageJob and indexed_job_utils.go addCompletionIndexEnvVariables,
    // addCompletionIndexAnnotation, podGenerateNameWithIndex: the tracking finalizer, the controller reference, and
    // for an Indexed job the index as annotation, label, env var (downward API, from the label as PodIndexLabel is
    // GA in 1.32) and hostname "<job>-<index>"; {@code extraAnnotations} are the per-index failure counts.
    static Pod fromTemplate(Job job, OptionalInt index, Map<String, String> extraAnnotations) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(job.getSpec().getTemplate()).build();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        Map<String, String> annotations = new LinkedHashMap<>(template.getMetadata() == null
                || template.getMetadata().getAnnotations() == null ? Map.of()
                : template.getMetadata().getAnnotations());
        List<String> finalizers = new ArrayList<>(template.getMetadata() == null
                || template.getMetadata().getFinalizers() == null ? List.of()
                : template.getMetadata().getFinalizers());
        finalizers.add(TRACKING_FINALIZER);
        PodSpec spec = template.getSpec();
        String name = job.getMetadata().getName();
        String generateName = name + "-";
        if (index.isPresent()) {
            String value = Integer.toString(index.getAsInt());
            annotations.put(INDEX_KEY, value);
            labels.put(INDEX_KEY, value);
            annotations.putAll(extraAnnotations);
            generateName = name + "-" + value + "-";
            spec.setHostname(name + "-" + value);
            Stream.concat(Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of()).stream(),
                    Objects.requireNonNullElse(spec.getContainers(), List.<Container>of()).stream())
                    .forEach(JobPods::addIndexEnv);
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(generateName)
                    .withLabels(labels)
                    .withAnnotations(annotations.isEmpty() ? null : annotations)
                    .withFinalizers(finalizers)
                    .withOwnerReferences(controllerRef(job))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    private static void addIndexEnv(Container container) {
        List<EnvVar> env = new ArrayList<>(Objects.requireNonNullElse(container.getEnv(), List.of()));
        if (env.stream().anyMatch(e -> INDEX_ENV.equals(e.getName()))) {
            return;
        }
        env.add(new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['" + INDEX_KEY + "']").endFieldRef().endValueFrom().build());
        container.setEnv(env);
    }

    static OwnerReference controllerRef(Job job) {
        return new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The completion index of a pod of an Indexed job; empty when missing or not a number. */
    static OptionalInt index(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(INDEX_KEY);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int i = Integer.parseInt(value);
            return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The index of an Indexed job's pod when it is below the completions; for other jobs every pod is valid. */
    static boolean validIndex(Job job, Pod pod) {
        if (!indexed(job)) {
            return true;
        }
        OptionalInt index = index(pod);
        return index.isPresent() && index.getAsInt() < Objects.requireNonNullElse(job.getSpec().getCompletions(), 0);
    }

    // k/k job_controller.go onlyReplaceFailedPods: podReplacementPolicy Failed, implied by a pod failure policy.
    static boolean onlyReplaceFailed(Job job) {
        return "Failed".equals(job.getSpec().getPodReplacementPolicy()) || job.getSpec().getPodFailurePolicy() != null;
    }

    // k/k job_controller.go isPodFailed: Failed, or being deleted without having succeeded unless only failed pods
    // are replaced.
    static boolean failed(Job job, Pod pod) {
        if (failed(pod)) {
            return true;
        }
        return !onlyReplaceFailed(job) && deleting(pod) && !succeeded(pod);
    }

    // k/k backoff_utils.go getFinishedTime: when all containers terminated, the latest finish; else the Ready=False
    // transition; else the deletion time less the grace period; else the creation time.
    static Instant finishedAt(Pod pod, Instant now) {
        List<ContainerStatus> containers = pod.getStatus() == null ? List.of()
                : Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.of());
        Instant latest = null;
        for (ContainerStatus c : containers) {
            if (c.getState() == null || c.getState().getTerminated() == null
                    || c.getState().getTerminated().getFinishedAt() == null) {
                latest = null;
                break;
            }
            Instant t = Instant.parse(c.getState().getTerminated().getFinishedAt());
            latest = latest == null || t.isAfter(latest) ? t : latest;
        }
        if (latest != null) {
            return latest;
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("Ready".equals(c.getType()) && "False".equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    return Instant.parse(c.getLastTransitionTime());
                }
            }
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Instant.parse(pod.getMetadata().getDeletionTimestamp()).minusSeconds(
                    Objects.requireNonNullElse(pod.getMetadata().getDeletionGracePeriodSeconds(), 0L));
        }
        return pod.getMetadata().getCreationTimestamp() == null ? now
                : Instant.parse(pod.getMetadata().getCreationTimestamp());
    }

    static boolean tracked(Pod pod) {
        List<String> finalizers = pod.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(TRACKING_FINALIZER);
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    static boolean succeeded(Pod pod) {
        return phase(pod).equals("Succeeded");
    }

    static boolean failed(Pod pod) {
        return phase(pod).equals("Failed");
    }

    static boolean terminal(Pod pod) {
        return succeeded(pod) || failed(pod);
    }

    static boolean deleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** Running or pending, and not being deleted: the job's {@code status.active}. */
    static boolean active(Pod pod) {
        return !terminal(pod) && !deleting(pod);
    }
}
