package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** The pods of a job: how they are made from its template and what they say of themselves. */
final class JobPods {
    // k/k staging/src/k8s.io/api/batch/v1/types.go: the tracking finalizer and the index annotation/label.
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private JobPods() {}

    static boolean indexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    // k/k job_controller.go manageJob and indexed_job_utils.go addCompletionIndexEnvVariables,
    // addCompletionIndexAnnotation, podGenerateNameWithIndex: the tracking finalizer, the controller reference, and
    // for an Indexed job the index as annotation, label, env var (downward API) and hostname "<job>-<index>".
    static Pod fromTemplate(Job job, OptionalInt index) {
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
            generateName = name + "-" + value + "-";
            if (spec.getHostname() == null || spec.getHostname().isEmpty()) {
                spec.setHostname(name + "-" + value);
            }
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
                .withFieldPath("metadata.annotations['" + INDEX_KEY + "']").endFieldRef().endValueFrom().build());
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
