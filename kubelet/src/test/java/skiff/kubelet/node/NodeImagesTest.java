package skiff.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import skiff.image.Digest;
import skiff.image.StoredImage;

class NodeImagesTest {
    private static StoredImage image(int n, long size, List<String> names, List<String> repoDigests) {
        Digest digest = Digest.parse("sha256:" + "%064x".formatted(n));
        return new StoredImage(names, digest, repoDigests, digest, null, List.of(), size);
    }

    @Test
    void theLargestFiftyImagesAreListedLargestFirstWithRepoDigestsBeforeTags() {
        List<StoredImage> stored = new ArrayList<>();
        IntStream.range(0, 60).forEach(n -> stored.add(image(n, 1000 + n, List.of("example.test/i" + n + ":v1"),
                List.of("example.test/i" + n + "@sha256:" + "%064x".formatted(n)))));

        List<ContainerImage> images = NodeImages.of(stored);

        assertThat(images).hasSize(50);
        assertThat(images.getFirst().getSizeBytes()).isEqualTo(1059L);
        assertThat(images.getFirst().getNames()).containsExactly(
                "example.test/i59@sha256:" + "%064x".formatted(59), "example.test/i59:v1");
        assertThat(images.getLast().getSizeBytes()).isEqualTo(1010L);
    }

    @Test
    void anImageShowsAtMostFiveNames() {
        List<String> tags = IntStream.range(0, 7).mapToObj(n -> "example.test/many:" + n).toList();

        List<ContainerImage> images = NodeImages.of(List.of(image(1, 10, tags, List.of())));

        assertThat(images.getFirst().getNames()).hasSize(5).containsExactlyElementsOf(tags.subList(0, 5));
    }
}
