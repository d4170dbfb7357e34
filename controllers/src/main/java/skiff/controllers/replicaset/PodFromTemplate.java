package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pod a controller creates from its template (k/k pkg/controller/controller_utils.go GetPodFromTemplate): the
 * template's labels, annotations, finalizers and spec, a generated name prefixed with the controller's name, and
 * the controller's owner reference.
 */
final class PodFromTemplate {
    // k/k apimachinery validation IsDNS1123Subdomain, which ValidatePodName applies to the prefix.
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 253;

    private PodFromTemplate() {}

    static Pod create(PodTemplateSpec template, String controllerName, OwnerReference controllerRef) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        Map<String, String> labels = copy.getMetadata() == null ? null : copy.getMetadata().getLabels();
        Map<String, String> annotations = copy.getMetadata() == null ? null : copy.getMetadata().getAnnotations();
        List<String> finalizers = copy.getMetadata() == null ? null : copy.getMetadata().getFinalizers();
        return new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(generateNamePrefix(controllerName))
                    .withLabels(labels == null ? null : new LinkedHashMap<>(labels))
                    .withAnnotations(annotations == null ? null : new LinkedHashMap<>(annotations))
                    .withFinalizers(finalizers == null || finalizers.isEmpty() ? null : List.copyOf(finalizers))
                    .withOwnerReferences(controllerRef)
                .endMetadata()
                .withSpec(copy.getSpec())
                .build();
    }

    // k/k controller_utils.go getPodsPrefix: "<name>-", or the bare name if that would not be a valid prefix.
    static String generateNamePrefix(String controllerName) {
        String prefix = controllerName + "-";
        // A prefix is checked as a name with its trailing dash masked (k/k apimachinery NameIsDNSSubdomain).
        String masked = controllerName + "a";
        return masked.length() <= MAX_NAME && DNS_SUBDOMAIN.matcher(masked).matches() ? prefix : controllerName;
    }
}
