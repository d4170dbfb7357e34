package skiff.apiserver.decode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import skiff.apiserver.protobuf.ProtobufBodies;

/**
 * The shapes of the built-in kinds, by apiVersion and kind; custom resources have none.
 *
 * <p>The shape is the fabric8 model's rather than the protobuf descriptors': the descriptors of client-java-proto
 * 24 stop short of 1.32 (no pod-level resources, supplementalGroupsPolicy or image volumes) and have no
 * coordination.k8s.io, events.k8s.io or discovery.k8s.io messages at all, and they nest Go's inlined structs with
 * nothing to mark them. The model has every served kind with its JSON as Kubernetes' OpenAPI gives it; where a
 * descriptor exists it still says which strings are []byte.
 */
final class KindShapes {
    private static final Map<String, Optional<StructShape>> SHAPES = new ConcurrentHashMap<>();

    private KindShapes() {}

    static Optional<StructShape> of(String apiVersion, String kind) {
        return SHAPES.computeIfAbsent(apiVersion + "/" + kind, k -> {
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = apiVersion.substring(slash + 1);
            return ModelClasses.forKind(group, version, kind).map(model ->
                    new StructShape(model, ProtobufBodies.descriptorFor(apiVersion, kind).orElse(null)));
        });
    }
}
