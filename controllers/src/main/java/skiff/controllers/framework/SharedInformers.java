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

/**
 * The informers all controllers of one manager share: one per typed resource, from a fabric8
 * {@link SharedInformerFactory}, and one per generic resource (for the garbage collector, which watches every kind).
 * Controllers ask for informers while they are built; {@link #start()} then starts those not started yet, so a
 * controller may add an informer's indexers before it runs.
 */
public final class SharedInformers implements AutoCloseable {
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
            SharedIndexInformer<T> informer = factory.sharedIndexInformerFor(type, 0);
            informer.exceptionHandler(SharedInformers::keepRetrying);
            all.add(informer);
            return informer;
        });
    }

    /** The informer over every object of a resource found by discovery, as untyped objects. */
    public synchronized SharedIndexInformer<GenericKubernetesResource> forResource(ServedResource resource) {
        String key = resource.apiVersion() + "/" + resource.plural();
        return generic.computeIfAbsent(key, k -> {
            SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(
                    resource.context()).inAnyNamespace().runnableInformer(0);
            informer.exceptionHandler(SharedInformers::keepRetrying);
            all.add(informer);
            return informer;
        });
    }

    /**
     * client-go tools/cache reflector.go Run: a failed list or watch is retried with backoff until the informer is
     * stopped, also before the first list succeeded (fabric8's default gives up then, leaving a controller that
     * never syncs when the API server is slow to answer at start-up).
     */
    private static boolean keepRetrying(boolean started, Throwable failure) {
        return true;
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
