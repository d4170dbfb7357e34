package skiff.client.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an informer alive through every failure of its list or watch, as client-go's reflector does (k/k
 * staging/src/k8s.io/client-go/tools/cache/reflector.go (1.32): ListAndWatch errors are logged and retried with
 * backoff, never fatal). fabric8's default gives up on an object it cannot decode (a wrongly typed field) and on a
 * first list that fails, and a fabric8 informer that has stopped cannot be started again: its component would wait
 * for events that never come. With this handler the informer relists and watches again after fabric8's exponential
 * backoff, and the component says so in one line each time.
 *
 * <p>Every component creates its informers through {@link #install}, before starting them.
 */
public final class InformerRestarts implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InformerRestarts.class);

    private final String component;
    private final String resource;

    InformerRestarts(String component, String resource) {
        this.component = component;
        this.resource = resource;
    }

    /** Makes {@code informer} (a typed one, not started yet) restart after failures, logging as {@code component}. */
    public static <T extends HasMetadata> SharedIndexInformer<T> install(String component,
            SharedIndexInformer<T> informer) {
        Class<T> type = informer.getApiTypeClass();
        return install(component, HasMetadata.getApiVersion(type) + "/" + HasMetadata.getPlural(type), informer);
    }

    /** Like {@link #install(String, SharedIndexInformer)}, naming the resource (e.g. "apps/v1/deployments"). */
    public static <T extends HasMetadata> SharedIndexInformer<T> install(String component, String resource,
            SharedIndexInformer<T> informer) {
        return informer.exceptionHandler(new InformerRestarts(component, resource));
    }

    @Override
    public boolean retryAfterException(boolean started, Throwable failure) {
        if (clientClosed(failure)) {
            // The component closed its client while stopping, after closing the informer, whose list or watch was
            // still in flight: nothing to report. Answering false would make fabric8 log an error ("will stop").
            LOG.debug("{}: informer for {} failed on its closed client", component, resource);
            return true;
        }
        LOG.warn("{}: informer for {} failed{}: {}; restarting it (list and watch) after backoff", component,
                resource, ExceptionHandler.isDeserializationException(failure) ? " on an object it cannot decode" : "",
                reason(failure));
        return true;
    }

    // Vert.x's HttpClient refuses every request once closed with this IllegalStateException.
    private static boolean clientClosed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalStateException && "Client is closed".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
