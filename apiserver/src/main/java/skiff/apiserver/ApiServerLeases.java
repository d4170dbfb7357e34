package skiff.apiserver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API servers sharing one store, each known by a key {@code /registry/masterleases/IP} that it writes again at
 * every reconcile of the {@code kubernetes} Service (k/k pkg/controlplane/reconcilers/lease.go storageLeases, 1.32:
 * an Endpoints object per address under {@code /masterleases/}, with an etcd lease of
 * {@code --master-endpoint-reconcile-ttl}, 15 s). The store has no time-to-live, so a key expires once this server has
 * seen the same revision of it for the TTL on its own monotonic clock (as client-go's leader election judges a Lease,
 * free of clock skew between servers), and is then deleted at that revision.
 */
final class ApiServerLeases {
    /** k/k kube-apiserver --master-endpoint-reconcile-ttl default. */
    static final Duration TTL = Duration.ofSeconds(15);
    static final String PREFIX = "/registry/masterleases/";

    /** A key's revision and when this server first saw it. */
    private record Seen(long modRevision, long sinceNanos) {}

    private final KeyValueStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    ApiServerLeases(KeyValueStore store, Clock clock, Duration ttl) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Writes {@code ip}'s key again, which keeps it alive for another TTL in every server's eyes. */
    void renew(String ip) {
        String key = PREFIX + ip;
        byte[] value = lease(ip);
        Optional<KeyValue> current = store.get(key);
        // A write lost to a concurrent one of the same key leaves it renewed all the same.
        if (current.isPresent()) {
            store.update(key, value, current.get().modRevision());
        } else {
            store.create(key, value);
        }
    }

    /** The addresses whose keys are alive, in lexicographic order (as ListLeases sorts them); expired keys go. */
    List<String> live() {
        long now = clock.nanoTime();
        Set<String> present = new HashSet<>();
        List<String> ips = new ArrayList<>();
        for (KeyValue kv : store.range(PREFIX, null, 0, 0).items()) {
            present.add(kv.key());
            Seen fresh = new Seen(kv.modRevision(), now);
            Seen s = seen.merge(kv.key(), fresh, (old, next) -> old.modRevision() == next.modRevision() ? old : next);
            if (now - s.sinceNanos() >= ttl.toNanos()) {
                // Only the revision that expired: a server that renewed it since keeps its key.
                store.delete(kv.key(), kv.modRevision());
                seen.remove(kv.key(), s);
            } else {
                ips.add(kv.key().substring(PREFIX.length()));
            }
        }
        seen.keySet().retainAll(present);
        ips.sort(null);
        return List.copyOf(ips);
    }

    /** Deletes {@code ip}'s key, as a server stopping cleanly does (k/k leaseEndpointReconciler.RemoveEndpoints). */
    void remove(String ip) {
        store.delete(PREFIX + ip, 0);
        seen.remove(PREFIX + ip);
    }

    // The value k/k stores: an Endpoints object named for the address, with that one address.
    private static byte[] lease(String ip) {
        ObjectNode endpoints = Json.object();
        endpoints.put("kind", "Endpoints");
        endpoints.put("apiVersion", "v1");
        endpoints.putObject("metadata").put("name", ip);
        endpoints.putArray("subsets").addObject().putArray("addresses").addObject().put("ip", ip);
        return Json.string(endpoints).getBytes(StandardCharsets.UTF_8);
    }
}
