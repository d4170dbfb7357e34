package skiff.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.controllers.framework.SyncResult;

/** One check of one namespace: create the managed ServiceAccounts it lacks. */
final class ServiceAccountSync {
    static final List<String> MANAGED = List.of("default");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountSync.class);

    private final Store<Namespace> namespaces;
    private final Store<ServiceAccount> accounts;
    private final KubernetesClient client;

    ServiceAccountSync(Store<Namespace> namespaces, Store<ServiceAccount> accounts, KubernetesClient client) {
        this.namespaces = namespaces;
        this.accounts = accounts;
        this.client = client;
    }

    SyncResult sync(String namespace) {
        Namespace ns = namespaces.getByKey(namespace);
        List<String> missing = accountsToCreate(ns,
                name -> accounts.getByKey(Cache.namespaceKeyFunc(namespace, name)) != null);
        for (String name : missing) {
            try {
                client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build()).create();
                LOG.info("namespace={} serviceaccount={} created", namespace, name);
            } catch (KubernetesClientException e) {
                // Created meanwhile by someone else: what this sync wanted.
                if (e.getCode() != 409) {
                    return SyncResult.retry("create serviceaccount " + namespace + "/" + name + ": " + e.getMessage());
                }
            }
        }
        return SyncResult.done();
    }

    /**
     * The managed accounts to create in {@code ns}; none when it is gone or not Active (k/k
     * serviceaccounts_controller.go syncNamespace skips namespaces that are not Active).
     */
    static List<String> accountsToCreate(Namespace ns, Predicate<String> exists) {
        if (ns == null || ns.getStatus() == null || !"Active".equals(ns.getStatus().getPhase())) {
            return List.of();
        }
        return MANAGED.stream().filter(name -> !exists.test(name)).toList();
    }
}
