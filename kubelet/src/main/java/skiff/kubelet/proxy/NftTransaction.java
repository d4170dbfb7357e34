package skiff.kubelet.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@code nft -f -} file that takes Skiff's table from one state to the next in a single atomic transaction, and
 * what it changes (for the log). As kube-proxy's nftables mode (k/k pkg/proxy/nftables/proxier.go, 1.32): a full
 * sync rewrites every chain and map, a partial sync only the chains and elements that changed; stale chains are
 * flushed before they are deleted, and everything they reference is deleted after them.
 *
 * @param text the commands, one a line
 * @param chainsWritten chains (re)written, {@code chainsDeleted} chains removed, {@code elementsChanged} set and map
 *     elements added or removed
 */
public record NftTransaction(String text, int chainsWritten, int chainsDeleted, int elementsChanged) {
    public boolean isEmpty() {
        return chainsWritten == 0 && chainsDeleted == 0 && elementsChanged == 0;
    }

    /**
     * Replaces whatever table of Skiff's name exists (a stale one from an earlier run included) with {@code next}.
     */
    public static NftTransaction recreate(NftRenderer renderer, NftRuleset next) {
        List<String> out = new ArrayList<>();
        out.add("add table " + renderer.familyTable());
        out.add("delete table " + renderer.familyTable());
        return write(out, renderer, null, next, true);
    }

    /** Rewrites every chain and map of the table; {@code previous} says which chains and sets are stale. */
    public static NftTransaction full(NftRenderer renderer, NftRuleset previous, NftRuleset next) {
        if (affinityTimeoutChanged(previous, next)) {
            return recreate(renderer, next);
        }
        return write(new ArrayList<>(), renderer, previous, next, true);
    }

    /**
     * Changes only what differs between {@code previous} (what the table holds) and {@code next}; null when only
     * {@link #recreate} can do it (an affinity set whose timeout changed: a set's timeout is fixed when it is made).
     */
    public static NftTransaction partial(NftRenderer renderer, NftRuleset previous, NftRuleset next) {
        if (affinityTimeoutChanged(previous, next)) {
            return null;
        }
        return write(new ArrayList<>(), renderer, previous, next, false);
    }

    private static boolean affinityTimeoutChanged(NftRuleset previous, NftRuleset next) {
        return next.affinitySets().entrySet().stream().anyMatch(set -> {
            Integer old = previous.affinitySets().get(set.getKey());
            return old != null && !old.equals(set.getValue());
        });
    }

    private static NftTransaction write(List<String> out, NftRenderer renderer, NftRuleset previous,
            NftRuleset next, boolean everything) {
        String t = renderer.familyTable();
        SortedMap<String, List<String>> before = previous == null ? new TreeMap<>() : previous.chains();
        SortedMap<String, Integer> setsBefore = previous == null ? new TreeMap<>() : previous.affinitySets();
        if (everything) {
            out.addAll(renderer.baseTable());
        }
        // Declarations first: rules may only name chains and sets that exist.
        for (Map.Entry<String, Integer> set : next.affinitySets().entrySet()) {
            if (everything || !setsBefore.containsKey(set.getKey())) {
                out.add("add set " + t + " " + set.getKey() + " { type ipv4_addr ; flags dynamic,timeout ; timeout "
                        + set.getValue() + "s ; }");
            }
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, List<String>> chain : next.chains().entrySet()) {
            List<String> old = before.get(chain.getKey());
            if (old == null) {
                out.add("add chain " + t + " " + chain.getKey());
            }
            if (everything || !chain.getValue().equals(old)) {
                written.add(chain.getKey());
            }
        }
        List<String> stale = before.keySet().stream().filter(c -> !next.chains().containsKey(c)).toList();
        for (String chain : written) {
            if (before.containsKey(chain)) {
                out.add("flush chain " + t + " " + chain);
            }
        }
        for (String chain : stale) {
            out.add("flush chain " + t + " " + chain);
        }
        for (String chain : written) {
            for (String rule : next.chains().get(chain)) {
                out.add("add rule " + t + " " + chain + " " + rule);
            }
        }
        int elementsChanged = 0;
        for (Map.Entry<String, SortedMap<String, String>> collection : next.elements().entrySet()) {
            String name = collection.getKey();
            Map<String, String> old = previous == null ? Map.of()
                    : previous.elements().getOrDefault(name, new TreeMap<>());
            if (everything) {
                out.add("flush " + (NftRenderer.CLUSTER_IPS.equals(name) ? "set " : "map ") + t + " " + name);
                old = Map.of();
            }
            List<String> removed = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (Map.Entry<String, String> e : old.entrySet()) {
                if (!Objects.equals(collection.getValue().get(e.getKey()), e.getValue())) {
                    removed.add(e.getKey());
                }
            }
            for (Map.Entry<String, String> e : collection.getValue().entrySet()) {
                if (!Objects.equals(old.get(e.getKey()), e.getValue())) {
                    added.add(element(e.getKey(), e.getValue()));
                }
            }
            if (!removed.isEmpty()) {
                out.add("delete element " + t + " " + name + " { " + String.join(", ", removed) + " }");
            }
            if (!added.isEmpty()) {
                out.add("add element " + t + " " + name + " { " + String.join(", ", added) + " }");
            }
            elementsChanged += removed.size() + added.size();
        }
        for (String chain : stale) {
            out.add("delete chain " + t + " " + chain);
        }
        for (String set : setsBefore.keySet()) {
            if (!next.affinitySets().containsKey(set)) {
                out.add("delete set " + t + " " + set);
            }
        }
        StringBuilder text = new StringBuilder();
        out.forEach(line -> text.append(line).append('\n'));
        return new NftTransaction(text.toString(), written.size(), stale.size(), elementsChanged);
    }

    private static String element(String key, String value) {
        return value.isEmpty() ? key : key + " : " + value;
    }
}
