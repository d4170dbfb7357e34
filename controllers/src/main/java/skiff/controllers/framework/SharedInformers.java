package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.client.informers.InformerRestarts;

/**
 * The informers all controllers of one manager share: one per typed resource, from a fabric8
 * {@link SharedInformerFactory}, and one per generic resource (for the garbage collector, which watches every kind).
 * Controllers ask for informers while they are built; {@link #start()} then starts those not started yet, so a
 * controller may add an informer's indexers before it runs. Every informer restarts after a failure
 * ({@link InformerRestarts}).
 */
public final class SharedInformers implements AutoCloseable {
    /** How the controllers name themselves in the log, as kube-controller-manager. */
    private static final String COMPONENT = "kube-controller-manager";
    private final KubernetesClient client;
    private final SharedInformerFactory factory;
    private final Map<Class<?>, SharedIndexInformer<?>> typed = new HashMap<>();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> generic = new HashMap<>();
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();
    private final Set<SharedIndexInformer<?>> started = new HashSet<>();

    public SharedInformers(KubernetesClient client) {
        this.client = client;
        this.factory = client.informers();
    }

    /** The informer over every object of {@code type} in all namespaces, created on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> forType(Class<T> type) {
        return (SharedIndexInformer<T>) typed.computeIfAbsent(type, t -> {
            SharedIndexInformer<T> informer = InformerRestarts.install(COMPONENT,
                    factory.sharedIndexInformerFor(type, 0));
            all.add(informer);
            return informer;
        });
    }

    /** The informer over every object of a resource found by discovery, as untyped objects. */
    public synchronized SharedIndexInformer<GenericKubernetesResource> forResource(ServedResource resource) {
        String key = resource.apiVersion() + "/" + resource.plural();
        return generic.computeIfAbsent(key, k -> {
            SharedIndexInformer<GenericKubernetesResource> informer = InformerRestarts.install(COMPONENT, key,
                    client.genericKubernetesResources(resource.context()).inAnyNamespace().runnableInformer(0));
            all.add(informer);
            return informer;
        });
    }

    /** Stops and forgets the informer of a resource that is no longer served. */
    public synchronized void release(ServedResource resource) {
        SharedIndexInformer<GenericKubernetesResource> informer =
                generic.remove(resource.apiVersion() + "/" + resource.plural());
        if (informer != null) {
            all.remove(informer);
            started.remove(informer);
            informer.close();
        }
    }

    /** Starts every informer registered so far that is not running yet; does not wait for them to sync. */
    public synchronized void start() {
        for (SharedIndexInformer<?> informer : all) {
            if (started.add(informer)) {
                informer.start();
            }
        }
    }

    @Override
    public synchronized void close() {
        for (SharedIndexInformer<?> informer : all) {
            informer.close();
        }
        started.clear();
    }
}
