package skiff.kubelet.proxy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What {@code nft -j list table ip skiff-proxy} shows: chains with their rule counts, sets' and maps' sizes. */
record NftListing(Map<String, Integer> rulesPerChain, Map<String, Integer> elementsPerSet) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static NftListing read(HostCommand host) {
        JsonNode root = JSON.readTree(host.run(null, "nft", "-j", "list", "table", ("ip " + NftRenderer.DEFAULT_TABLE)));
        Map<String, Integer> rules = new HashMap<>();
        Map<String, Integer> elements = new HashMap<>();
        for (JsonNode item : root.get("nftables")) {
            if (item.has("chain")) {
                rules.putIfAbsent(item.get("chain").get("name").asText(), 0);
            } else if (item.has("rule")) {
                rules.merge(item.get("rule").get("chain").asText(), 1, Integer::sum);
            } else if (item.has("set") || item.has("map")) {
                JsonNode set = item.has("set") ? item.get("set") : item.get("map");
                elements.put(set.get("name").asText(), set.has("elem") ? set.get("elem").size() : 0);
            }
        }
        return new NftListing(rules, elements);
    }

    Set<String> chains() {
        return new TreeSet<>(rulesPerChain.keySet());
    }

    static boolean tableExists(HostCommand host) {
        return host.run(null, "nft", "list", "tables").contains("table " + ("ip " + NftRenderer.DEFAULT_TABLE) + "\n");
    }
}
