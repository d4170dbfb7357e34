package skiff.kubelet.event;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;

/** Records Kubernetes Events about the objects the kubelet handles (k/k client-go tools/record EventRecorder). */
public interface EventRecorder {

    /** @param type Normal or Warning */
    void record(ObjectReference object, String type, String reason, String message);

    default void normal(Pod pod, String container, String reason, String message) {
        record(reference(pod, container), "Normal", reason, message);
    }

    default void warning(Pod pod, String container, String reason, String message) {
        record(reference(pod, container), "Warning", reason, message);
    }

    /**
     * A reference to a pod or, with {@code container} non-null, to one of its containers (k/k
     * pkg/kubelet/container/ref.go GenerateContainerRef: fieldPath spec.containers{NAME} or
     * spec.initContainers{NAME}).
     */
    static ObjectReference reference(Pod pod, String container) {
        ObjectReferenceBuilder b = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion());
        if (container != null) {
            boolean init = pod.getSpec().getInitContainers() != null && pod.getSpec().getInitContainers().stream()
                    .anyMatch(c -> c.getName().equals(container));
            b.withFieldPath((init ? "spec.initContainers{" : "spec.containers{") + container + "}");
        }
        return b.build();
    }

    EventRecorder NONE = (object, type, reason, message) -> { };
}
