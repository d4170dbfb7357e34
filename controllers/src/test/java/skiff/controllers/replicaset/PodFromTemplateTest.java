package skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodFromTemplateTest {
    private static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("apps/v1")
            .withKind("ReplicaSet").withName("web").withUid("rs-uid").withController(true)
            .withBlockOwnerDeletion(true).build();

    @Test
    void thePodCarriesTheTemplatesMetadataAndSpecAndTheOwner() {
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewMetadata().withName("ignored").withLabels(Map.of("app", "web"))
                    .withAnnotations(Map.of("note", "x")).withFinalizers("example.com/keep").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build();

        Pod pod = PodFromTemplate.create(template, "web", OWNER);

        assertThat(pod.getMetadata().getName()).isNull();
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(pod.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
        assertThat(pod.getMetadata().getAnnotations()).isEqualTo(Map.of("note", "x"));
        assertThat(pod.getMetadata().getFinalizers()).containsExactly("example.com/keep");
        assertThat(pod.getMetadata().getOwnerReferences()).containsExactly(OWNER);
        assertThat(pod.getSpec().getContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("busybox"));
        // The template is not shared with the pod.
        pod.getMetadata().getLabels().put("extra", "y");
        assertThat(template.getMetadata().getLabels()).doesNotContainKey("extra");
    }

    @Test
    void aNameThatCannotTakeADashSuffixIsUsedBare() {
        assertThat(PodFromTemplate.generateNamePrefix("web")).isEqualTo("web-");
        assertThat(PodFromTemplate.generateNamePrefix("a".repeat(253))).isEqualTo("a".repeat(253));
    }
}
