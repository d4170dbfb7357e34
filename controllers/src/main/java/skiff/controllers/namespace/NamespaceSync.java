package skiff.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.controllers.framework.SyncResult;

/**
 * One pass over a namespace being deleted (k/k pkg/controller/namespace/deletion/namespaced_resources_deleter.go
 * Delete): read it fresh, delete its content, record progress in its conditions, and once nothing is left remove
 * the {@code kubernetes} finalizer through the finalize subresource, after which the API server deletes it.
 */
final class NamespaceSync {
    static final String FINALIZER = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSync.class);
    private static final Set<String> MANAGED_CONDITIONS = Set.of(NamespaceConditions.DISCOVERY_FAILURE,
            NamespaceConditions.GROUP_VERSION_PARSING_FAILURE, NamespaceConditions.CONTENT_FAILURE,
            NamespaceConditions.CONTENT_REMAINING, NamespaceConditions.FINALIZERS_REMAINING);

    private final KubernetesClient client;
    private final Clock clock;
    private final NamespacedResourcesDeleter deleter;
    private final FinalizeSubresource finalize;

    NamespaceSync(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.deleter = new NamespacedResourcesDeleter(client);
        this.finalize = new FinalizeSubresource(client);
    }

    SyncResult sync(String name) {
        // k/k namespaced_resources_deleter.go Delete: a live read, because a cached namespace may be stale.
        Namespace ns = client.namespaces().withName(name).get();
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null || !hasFinalizer(ns)) {
            return SyncResult.done();
        }
        DeletionProgress progress = deleter.deleteAllContent(name);
        Namespace current = recordConditions(ns, progress);
        if (!progress.empty()) {
            return SyncResult.retry("namespace " + name + " not empty yet: " + progress.remaining()
                    + (progress.deleteErrors().isEmpty() ? "" : " errors " + progress.deleteErrors()));
        }
        return switch (finalize.put(withoutFinalizer(current))) {
            case FINALIZED -> {
                LOG.info("namespace={} emptied and finalized", name);
                yield SyncResult.done();
            }
            case GONE -> SyncResult.done();
            case CONFLICT -> SyncResult.retry("namespace " + name + " changed while finalizing");
        };
    }

    /** Writes the conditions when they changed; answers the namespace as now stored. */
    private Namespace recordConditions(Namespace ns, DeletionProgress progress) {
        List<NamespaceCondition> existing = ns.getStatus() == null ? List.of() : ns.getStatus().getConditions();
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS));
        List<NamespaceCondition> conditions = new ArrayList<>(
                existing.stream().filter(c -> !MANAGED_CONDITIONS.contains(c.getType())).toList());
        conditions.addAll(NamespaceConditions.compute(progress, existing, now));
        if (conditions.equals(existing)) {
            return ns;
        }
        Namespace updated = new NamespaceBuilder(ns).editOrNewStatus().withConditions(conditions).endStatus().build();
        try {
            return client.namespaces().resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            // The conditions only report progress; the next pass writes them again.
            LOG.debug("namespace={} conditions not written: {}", ns.getMetadata().getName(), e.getMessage());
            return ns;
        }
    }

    private static boolean hasFinalizer(Namespace ns) {
        return ns.getSpec() != null && ns.getSpec().getFinalizers().contains(FINALIZER);
    }

    private static Namespace withoutFinalizer(Namespace ns) {
        List<String> rest = ns.getSpec().getFinalizers().stream().filter(f -> !f.equals(FINALIZER)).toList();
        return new NamespaceBuilder(ns).editSpec().withFinalizers(rest).endSpec().build();
    }
}
