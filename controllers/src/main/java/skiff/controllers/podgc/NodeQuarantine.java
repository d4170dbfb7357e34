package skiff.controllers.podgc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Nodes that pods are bound to but the informer does not know, each held for the quarantine time before the API
 * is asked whether it is really gone (k/k pkg/controller/podgc/gc_controller.go (1.32) quarantineTime, 40 s: a node
 * just created may not have reached the informer yet). A node already waiting keeps its time, as the delaying
 * queue's AddAfter does. Not thread safe: one pass at a time uses it.
 */
final class NodeQuarantine {
    static final Duration QUARANTINE_TIME = Duration.ofSeconds(40);

    private final Map<String, Instant> due = new HashMap<>();

    void add(String node, Instant now) {
        due.putIfAbsent(node, now.plus(QUARANTINE_TIME));
    }

    /** The nodes whose quarantine is over at {@code now}, taken out of quarantine. */
    Set<String> takeDue(Instant now) {
        Set<String> taken = new TreeSet<>();
        for (Iterator<Map.Entry<String, Instant>> it = due.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> e = it.next();
            if (!e.getValue().isAfter(now)) {
                taken.add(e.getKey());
                it.remove();
            }
        }
        return taken;
    }
}
