package skiff.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V1beta1Authentication;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies in Kubernetes' protobuf encoding, which kubectl's typed clients send for built-in kinds
 * (`kubectl create deployment`, `create configmap`, ...): the four magic bytes "k8s\0", then a runtime.Unknown
 * envelope naming apiVersion and kind around the object's own message (k/k apimachinery
 * pkg/runtime/serializer/protobuf/protobuf.go). The result is the object as JSON; answers stay JSON, which those
 * clients accept.
 */
public final class ProtobufBodies {
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final Map<String, Descriptor> MESSAGES = index(V1.getDescriptor(), V1Apps.getDescriptor(),
            V1Autoscaling.getDescriptor(), V1Batch.getDescriptor(), V1Policy.getDescriptor(),
            V1Scheduling.getDescriptor(), V1Authentication.getDescriptor(), V1beta1Authentication.getDescriptor(),
            V1Rbac.getDescriptor(), V1Authorization.getDescriptor(), V1Storage.getDescriptor(),
            V1Certificates.getDescriptor());

    private ProtobufBodies() {}

    public static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0) {
            throw StatusException.badRequest("provided object is not a Kubernetes protobuf message (no k8s magic)");
        }
        try {
            Runtime.Unknown envelope = Runtime.Unknown.parseFrom(
                    com.google.protobuf.ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
            String apiVersion = envelope.getTypeMeta().getApiVersion();
            String kind = envelope.getTypeMeta().getKind();
            Descriptor descriptor = descriptorFor(apiVersion, kind).orElseThrow(() -> StatusException
                    .unsupportedMediaType("protobuf is not supported for " + apiVersion + " " + kind + "; send JSON"));
            ObjectNode object = ProtobufJson.toJson(DynamicMessage.parseFrom(descriptor, envelope.getRaw()));
            ObjectNode typed = object.objectNode();
            typed.put("apiVersion", apiVersion);
            typed.put("kind", kind);
            typed.setAll(object);
            return typed;
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("the protobuf body could not be decoded: " + e.getMessage());
        }
    }

    /** The message of a built-in kind, for the kinds with a descriptor in client-java-proto. */
    public static Optional<Descriptor> descriptorFor(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String shortGroup = group.contains(".") ? group.substring(0, group.indexOf('.')) : group;
        return Optional.ofNullable(MESSAGES.get("k8s.io.api." + shortGroup + "." + version + "." + kind));
    }

    private static Map<String, Descriptor> index(FileDescriptor... files) {
        Map<String, Descriptor> out = new HashMap<>();
        for (FileDescriptor f : files) {
            for (Descriptor d : f.getMessageTypes()) {
                out.put(d.getFullName(), d);
            }
        }
        return Map.copyOf(out);
    }
}
