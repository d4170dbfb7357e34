package skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import skiff.image.StoredImage;

/**
 * The node's {@code status.images}: the largest images first, at most {@link #MAX_IMAGES}, each named by its repo
 * digests then its tags, at most {@link #MAX_NAMES} names (k/k v1.32 pkg/kubelet/nodestatus/setters.go Images,
 * --node-status-max-images 50, MaxNamesPerImageInNodeStatus 5).
 */
public final class NodeImages {
    public static final int MAX_IMAGES = 50;
    public static final int MAX_NAMES = 5;

    private NodeImages() {}

    public static List<ContainerImage> of(List<StoredImage> stored) {
        List<ContainerImage> result = new ArrayList<>();
        stored.stream().sorted(Comparator.comparingLong(StoredImage::size).reversed()).limit(MAX_IMAGES)
                .forEach(image -> {
                    List<String> names = new ArrayList<>(image.repoDigests());
                    names.addAll(image.names());
                    result.add(new ContainerImageBuilder().withNames(names.subList(0, Math.min(names.size(),
                            MAX_NAMES))).withSizeBytes(image.size()).build());
                });
        return result;
    }
}
