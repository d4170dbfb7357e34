package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The identity of a StatefulSet's pods: ordinal names, identity labels, hostname and subdomain, revision label. */
final class StatefulPods {
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";
    // k/k stateful_set_utils.go statefulPodRegex: the parent's name, a dash and the ordinal.
    private static final Pattern NAME = Pattern.compile("(.*)-([0-9]+)$");

    private StatefulPods() {}

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    /** The pod's ordinal, or empty when its name is not {@code PARENT-N}. */
    static OptionalInt ordinal(Pod pod) {
        Matcher m = NAME.matcher(pod.getMetadata().getName());
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** k/k stateful_set_utils.go isMemberOf: the pod's name is the set's name, a dash and an ordinal. */
    static boolean isMemberOf(StatefulSet set, Pod pod) {
        Matcher m = NAME.matcher(pod.getMetadata().getName());
        return m.matches() && m.group(1).equals(set.getMetadata().getName());
    }

    static int startOrdinal(StatefulSet set) {
        if (set.getSpec().getOrdinals() != null && set.getSpec().getOrdinals().getStart() != null) {
            return set.getSpec().getOrdinals().getStart();
        }
        return 0;
    }

    static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    static String revision(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(REVISION_LABEL, "");
    }

    /**
     * k/k stateful_set_utils.go identityMatches: the pod carries its ordinal's name, namespace, and identity
     * labels.
     */
    static boolean identityMatches(StatefulSet set, Pod pod) {
        OptionalInt ordinal = ordinal(pod);
        Map<String, String> labels = pod.getMetadata().getLabels();
        return ordinal.isPresent() && isMemberOf(set, pod)
                && pod.getMetadata().getName().equals(podName(set, ordinal.getAsInt()))
                && set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                && labels != null
                && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL))
                && String.valueOf(ordinal.getAsInt()).equals(labels.get(POD_INDEX_LABEL))
                && pod.getSpec() != null && pod.getMetadata().getName().equals(pod.getSpec().getHostname())
                && Objects.equals(emptyToNull(set.getSpec().getServiceName()),
                        emptyToNull(pod.getSpec().getSubdomain()));
    }

    /** k/k stateful_set_utils.go updateIdentity: name, namespace, identity labels, hostname and subdomain. */
    static Pod withIdentity(StatefulSet set, Pod pod, int ordinal) {
        String name = podName(set, ordinal);
        Map<String, String> labels = new HashMap<>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, String.valueOf(ordinal));
        return new PodBuilder(pod)
                .editMetadata().withName(name).withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                .endMetadata()
                .editOrNewSpec().withHostname(name).withSubdomain(emptyToNull(set.getSpec().getServiceName()))
                .endSpec()
                .build();
    }

    /**
     * k/k stateful_set_utils.go newStatefulSetPod: the template's pod, owned by the set, with its ordinal's
     * identity, its claims' volumes and the revision it was made from.
     */
    static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revision) {
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new HashMap<>();
        if (templateMeta.getLabels() != null) {
            labels.putAll(templateMeta.getLabels());
        }
        labels.put(REVISION_LABEL, revision);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withLabels(labels)
                    .withAnnotations(templateMeta.getAnnotations())
                    .withFinalizers(templateMeta.getFinalizers())
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("apps/v1").withKind("StatefulSet")
                            .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(template.getSpec() == null ? null : new PodSpecBuilder(template.getSpec()).build())
                .build();
        return VolumeClaims.withStorage(set, withIdentity(set, pod, ordinal));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
