package skiff.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ControllerRevision names and the template data they record. */
class ControllerRevisionHashTest {

    @Test
    void theHashIsFnv1OfTheDataInTheSafeAlphabet() {
        // FNV-1 32 of "a" is 0x050c5d7e = 84696446, whose digits map onto "bcdfghjklmnpqrstvwxz2456789".
        assertThat(ControllerRevisionHash.hash("a".getBytes(StandardCharsets.UTF_8), null)).isEqualTo("d8bfb88b");
    }

    @Test
    void aCollisionCountGivesAnotherName() {
        byte[] data = "{\"spec\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThat(ControllerRevisionHash.hash(data, 0)).isNotEqualTo(ControllerRevisionHash.hash(data, 1))
                .isNotEqualTo(ControllerRevisionHash.hash(data, null))
                .matches("[bcdfghjklmnpqrstvwxz2456789]+");
    }

    @Test
    void aLongParentNameIsCut() {
        assertThat(ControllerRevisionHash.name("x".repeat(300), "abc")).hasSize(223 + 4).endsWith("x-abc");
    }

    @Test
    void revisionDataPutsTheTemplateBackWhole() {
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "web"))
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer()
                .endSpec().build();

        Map<String, Object> data = RevisionData.of(template);

        assertThat(data).extractingByKey("spec").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("template").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("$patch", "replace");
        assertThat(RevisionData.template(data)).isEqualTo(template);
        assertThat(RevisionData.equal(data, RevisionData.of(template))).isTrue();
        assertThat(RevisionData.equal(data, RevisionData.of(new PodTemplateSpecBuilder(template).editMetadata()
                .addToLabels("v", "2").endMetadata().build()))).isFalse();
    }
}
