package skiff.kubelet.proxy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The per-Service part of the proxy's nftables table as data, so that two of them can be compared: the Service,
 * endpoint and policy chains with their rules, the elements of the table's sets and maps, and the ClientIP
 * affinity sets. The fixed part (base chains, set and map declarations) comes from {@link NftRenderer#baseTable}.
 *
 * @param chains chain name to its rules, in order
 * @param elements set or map name to its elements (key to verdict; "" for a set's element)
 * @param affinitySets affinity set name to its timeout in seconds
 */
public record NftRuleset(SortedMap<String, List<String>> chains,
        SortedMap<String, SortedMap<String, String>> elements, SortedMap<String, Integer> affinitySets) {

    public NftRuleset {
        chains = immutable(chains);
        elements = immutable(elements);
        affinitySets = immutable(affinitySets);
    }

    private static <V> SortedMap<String, V> immutable(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
