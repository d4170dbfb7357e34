package skiff.kubelet.proxy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a desired state into Skiff's nftables table: the first sync (and the first after a failure) replaces whatever
 * table of that name exists, later ones change only what changed, a full one rewrites every chain and map (k/k
 * pkg/proxy/nftables/proxier.go syncProxyRules, 1.32). Routes the service CIDR locally while it runs; on close it
 * removes the table and the route. Not thread-safe: one sync loop calls it.
 */
public final class ProxySyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySyncer.class);

    private final HostCommand host;
    private final NftRenderer renderer;
    private final ServiceCidrRoute route;
    private NftRuleset applied;

    public ProxySyncer(HostCommand host, NftRenderer renderer) {
        this.host = host;
        this.renderer = renderer;
        String serviceCidr = renderer.networks().serviceCidr();
        this.route = serviceCidr == null ? null : new ServiceCidrRoute(host, serviceCidr);
    }

    /** The table this syncer programs, as nft names it ({@code ip NAME}). */
    public String table() {
        return renderer.familyTable();
    }

    /** What one sync did. */
    public record Result(String kind, int servicePorts, NftTransaction transaction, long nanos, long nftNanos) {
    }

    /** Enables forwarding, routes the service CIDR locally (the table comes with the first sync). */
    public void start() {
        ForwardingSysctls.ensure(host);
        if (route != null) {
            route.install();
        }
    }

    /** Programs {@code state}; {@code full} rewrites the whole table. Throws when nft refuses the transaction. */
    public Result sync(Map<ServicePortName, ServicePortInfo> state, boolean full) {
        long start = System.nanoTime();
        NftRuleset next = renderer.render(state);
        NftTransaction transaction;
        String kind;
        if (applied == null) {
            transaction = NftTransaction.recreate(renderer, next);
            kind = "new table";
        } else if (full) {
            transaction = NftTransaction.full(renderer, applied, next);
            kind = "full";
        } else {
            transaction = NftTransaction.partial(renderer, applied, next);
            kind = "partial";
            if (transaction == null) {
                transaction = NftTransaction.recreate(renderer, next);
                kind = "new table (affinity timeout changed)";
            }
        }
        long nftStart = System.nanoTime();
        if (!transaction.isEmpty() || !"partial".equals(kind)) {
            applied = null;
            host.run(transaction.text(), "nft", "-f", "-");
        }
        applied = next;
        long end = System.nanoTime();
        Result result = new Result(kind, state.size(), transaction, end - start, end - nftStart);
        if (!transaction.isEmpty() || !"partial".equals(kind)) {
            LOG.info("proxy: {} sync of {} service ports: {} chains written, {} deleted, {} set/map elements changed"
                    + " in {} ms", kind, state.size(), transaction.chainsWritten(), transaction.chainsDeleted(),
                    transaction.elementsChanged(), TimeUnit.NANOSECONDS.toMillis(result.nanos()));
        }
        return result;
    }

    /** Removes the table and the service CIDR's route. */
    @Override
    public void close() {
        try {
            host.run("add table " + renderer.familyTable() + "\ndelete table " + renderer.familyTable() + "\n",
                    "nft", "-f", "-");
            LOG.info("proxy: removed the nftables table {}", renderer.familyTable());
        } catch (HostCommand.CommandException e) {
            LOG.warn("proxy: cannot remove the nftables table {}: {}", renderer.familyTable(), e.getMessage());
        } finally {
            applied = null;
            if (route != null) {
                route.remove();
            }
        }
    }
}
