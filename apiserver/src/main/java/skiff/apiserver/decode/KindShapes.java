package skiff.apiserver.decode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import skiff.apiserver.protobuf.ProtobufBodies;

/** The shapes of the built-in kinds, by apiVersion and kind; custom resources have none. */
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
