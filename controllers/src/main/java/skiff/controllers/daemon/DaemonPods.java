package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import skiff.controllers.framework.ControllerOwner;

/** The pods a daemon set creates, and which node a daemon pod is for (k/k daemon/util/daemonset_util.go). */
final class DaemonPods {
    /** The one field node selector terms may match (k/k nodeaffinity: matchFields supports metadata.name). */
    static final String NODE_NAME_FIELD = "metadata.name";

    static final String REVISION_HASH_LABEL = "controller-revision-hash";
    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

    private DaemonPods() {}

    /**
     * k/k daemonset_util.go CreatePodTemplate: the set's template with the daemon tolerations and the revision labels.
     */
    static PodTemplateSpec template(DaemonSet ds, String hash) {
        PodTemplateSpec t = new PodTemplateSpecBuilder(ds.getSpec().getTemplate()).build();
        t.getSpec().setTolerations(DaemonTolerations.withDaemonTolerations(t.getSpec().getTolerations(),
                Boolean.TRUE.equals(t.getSpec().getHostNetwork())));
        Map<String, String> labels = t.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(t.getMetadata().getLabels());
        templateGeneration(ds).ifPresent(g -> labels.put(TEMPLATE_GENERATION_LABEL, Long.toString(g)));
        if (!hash.isEmpty()) {
            labels.put(REVISION_HASH_LABEL, hash);
        }
        t.getMetadata().setLabels(labels);
        return t;
    }

    /** The daemon pod for {@code node}: bound there by required node affinity, so the scheduler places it. */
    static Pod forNode(DaemonSet ds, PodTemplateSpec template, String node) {
        return new PodBuilder()
                .withNewMetadataLike(template.getMetadata())
                .withGenerateName(ds.getMetadata().getName() + "-")
                .withNamespace(ds.getMetadata().getNamespace())
                .withOwnerReferences(ControllerOwner.referenceTo(ds))
                .endMetadata()
                .withSpec(new PodTemplateSpecBuilder(template).build().getSpec())
                .editSpec().withAffinity(bindTo(template.getSpec().getAffinity(), node)).endSpec()
                .build();
    }

    /**
     * k/k daemonset_util.go ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the single
     * term {@code metadata.name In [node]}; other affinity kinds stay.
     */
    static Affinity bindTo(Affinity affinity, String node) {
        AffinityBuilder b = affinity == null ? new AffinityBuilder() : new AffinityBuilder(affinity);
        var term = new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
                .withKey(NODE_NAME_FIELD).withOperator("In").withValues(node).build()).build();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return b.withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(term).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                    .build();
        }
        Affinity result = b.build();
        result.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(
                new io.fabric8.kubernetes.api.model.NodeSelectorBuilder().withNodeSelectorTerms(term).build());
        return result;
    }

    /**
     * k/k daemonset_util.go GetTargetNodeName: the node a pod runs on, else the one its node affinity names; empty
     * for a pod that names none.
     */
    static Optional<String> targetNode(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return Optional.of(pod.getSpec().getNodeName());
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return Optional.empty();
        }
        var terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        if (terms == null) {
            return Optional.empty();
        }
        return terms.stream()
                .flatMap(t -> t.getMatchFields() == null ? java.util.stream.Stream.empty() : t.getMatchFields().stream())
                .filter(r -> NODE_NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())
                        && r.getValues() != null && r.getValues().size() == 1)
                .map(r -> r.getValues().getFirst())
                .findFirst();
    }

    /** k/k daemonset_util.go IsPodUpdated: the pod carries the current revision hash (or template generation). */
    static boolean isUpdated(Pod pod, String hash, DaemonSet ds) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        boolean generationMatches = templateGeneration(ds)
                .map(g -> Long.toString(g).equals(labels.get(TEMPLATE_GENERATION_LABEL))).orElse(false);
        return (!hash.isEmpty() && hash.equals(labels.get(REVISION_HASH_LABEL))) || generationMatches;
    }

    private static Optional<Long> templateGeneration(DaemonSet ds) {
        Map<String, String> a = ds.getMetadata().getAnnotations();
        if (a == null || a.get(TEMPLATE_GENERATION_ANNOTATION) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(a.get(TEMPLATE_GENERATION_ANNOTATION)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
