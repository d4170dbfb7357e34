package skiff.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
    private static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").addToLabels("tier", "a")
                .endMetadata().withNewSpec().addNewContainer().withName("main").withImage(image).endContainer()
                .endSpec().build();
    }

    @Test
    void safeEncodingMapsEachByteOntoTheConsonantAlphabet() {
        // apimachinery util/rand SafeEncodeString: '0' is byte 48, 48 % 27 = 21 -> '4'; '1' -> '5'; '9' (57 % 27 = 3) -> 'f'.
        assertThat(TemplateHash.safeEncode("0199")).isEqualTo("45ff");
    }

    @Test
    void equalTemplatesHashEquallyWhateverTheirLabelOrder() {
        PodTemplateSpec reordered = new PodTemplateSpecBuilder(template("nginx:1")).editMetadata()
                .withLabels(new java.util.TreeMap<>(java.util.Map.of("tier", "a", "app", "web"))).endMetadata()
                .build();

        assertThat(TemplateHash.of(reordered, null)).isEqualTo(TemplateHash.of(template("nginx:1"), null));
    }

    @Test
    void anotherTemplateOrCollisionCountGivesAnotherHash() {
        String base = TemplateHash.of(template("nginx:1"), null);

        assertThat(TemplateHash.of(template("nginx:2"), null)).isNotEqualTo(base);
        assertThat(TemplateHash.of(template("nginx:1"), 1)).isNotEqualTo(base);
        assertThat(base).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    }
}
