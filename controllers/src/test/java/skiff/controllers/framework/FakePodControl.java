package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the pod writes a controller makes; creations can be refused with an API error. */
public final class FakePodControl implements PodControl {
    public final List<Pod> created = Collections.synchronizedList(new ArrayList<>());
    public final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    public final List<String> patched = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger names = new AtomicInteger();
    private volatile String refuseCreation;

    /** From now on every creation fails with a 422 carrying {@code message}; null accepts them again. */
    public void refuseCreations(String message) {
        this.refuseCreation = message;
    }

    @Override
    public Pod create(String namespace, Pod pod) {
        if (refuseCreation != null) {
            throw new KubernetesClientException(refuseCreation, 422, null);
        }
        Pod stored = new PodBuilder(pod).editMetadata().withNamespace(namespace)
                .withName(pod.getMetadata().getGenerateName() + names.incrementAndGet()).endMetadata().build();
        created.add(stored);
        return stored;
    }

    @Override
    public void delete(String namespace, String name) {
        deleted.add(namespace + "/" + name);
    }

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        patched.add(pod.getMetadata().getName());
    }
}
