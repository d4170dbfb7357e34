package skiff.kubelet.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.informers.InformerRestarts;

/**
 * The node's service proxy, kube-proxy's role in every Skiff kubelet process: an API client that watches Services
 * and EndpointSlices and programs them into Skiff's nftables table (k/k cmd/kube-proxy, pkg/proxy/nftables, 1.32).
 * The first sync waits for both informers' initial lists and replaces any table left from an earlier run; close()
 * stops watching and removes the table and the service CIDR's route.
 */
public final class ServiceProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ProxyConfig config;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final ProxySyncer syncer;
    private final SyncLoop loop;

    private ServiceProxy(ProxyConfig config, KubernetesClient client) {
        this.config = config;
        this.syncer = new ProxySyncer(config.host(), new NftRenderer(config.networks(), config.table()));
        this.services = InformerRestarts.install("proxy", client.services().inAnyNamespace().runnableInformer(0));
        this.slices = InformerRestarts.install("proxy",
                client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0));
        this.loop = new SyncLoop("service-proxy", config.minSyncPeriod(), config.fullSyncPeriod(), RETRY_AFTER,
                config.clock(), this::sync);
    }

    /**
     * Starts the proxy in {@code config.mode()} (auto resolved and logged); returns null for mode none. Fails when
     * nftables mode was asked for and nft cannot run.
     */
    public static ServiceProxy start(ProxyConfig config, KubernetesClient client) {
        ProxyMode mode = config.mode().resolve(config.host());
        if (mode == ProxyMode.NONE) {
            LOG.info("proxy: not started (mode none): Services are not programmed on node {}", config.nodeName());
            return null;
        }
        config.host().run(null, "nft", "list", "tables");
        ServiceProxy proxy = new ServiceProxy(config, client);
        proxy.syncer.start();
        proxy.services.addEventHandler(new Trigger<>(proxy.loop));
        proxy.slices.addEventHandler(new Trigger<>(proxy.loop));
        CompletableFuture.allOf(proxy.services.start().toCompletableFuture(),
                proxy.slices.start().toCompletableFuture()).thenRun(proxy.loop::trigger);
        proxy.loop.start();
        LOG.info("proxy: started in nftables mode for node {} (cluster CIDR {}, service CIDR {}), table {}",
                config.nodeName(), config.networks().clusterCidr(), config.networks().serviceCidr(),
                proxy.syncer.table());
        return proxy;
    }

    /** Every change of a watched object asks for a sync. */
    private record Trigger<T>(SyncLoop loop) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            loop.trigger();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            loop.trigger();
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            loop.trigger();
        }
    }

    private void sync(boolean full) {
        if (!services.hasSynced() || !slices.hasSynced()) {
            // Not before both informers have their first list (k/k kube-proxy waits for them too): ask again after
            // the minimum interval until they have.
            loop.trigger();
            return;
        }
        List<Service> svc = services.getStore().list();
        List<EndpointSlice> eps = slices.getStore().list();
        syncer.sync(ProxyModel.desiredState(svc, eps, config.nodeName()), full);
    }

    @Override
    public void close() {
        services.close();
        slices.close();
        loop.close();
        syncer.close();
    }
}
