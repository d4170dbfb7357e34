package skiff.kubelet.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders the proxy's desired state as nftables rules in Skiff's own table, laid out as kube-proxy's nftables mode
 * lays out its {@code kube-proxy} table (k/k pkg/proxy/nftables/proxier.go, 1.32): a {@code services} chain hooked
 * at dstnat dispatching through the {@code service-ips} and {@code service-nodeports} verdict maps to a chain per
 * Service port, which picks an endpoint chain with {@code numgen random}; the endpoint chain marks hairpin traffic
 * for masquerade and DNATs. Destinations without endpoints are rejected (or dropped) through the
 * {@code no-endpoint-*} maps in filter chains. Not thread-safe (it keeps the last rendering).
 */
public final class NftRenderer {
    /** The table's name unless configured otherwise (the kubelet's --proxy-table). */
    public static final String DEFAULT_TABLE = "skiff-proxy";
    static final String SERVICE_IPS = "service-ips";
    static final String SERVICE_NODEPORTS = "service-nodeports";
    static final String NO_ENDPOINT_SERVICES = "no-endpoint-services";
    static final String NO_ENDPOINT_NODEPORTS = "no-endpoint-nodeports";
    static final String CLUSTER_IPS = "cluster-ips";
    /** kube-proxy's masquerade bit (--masquerade-bit 14). */
    static final String MASQ_MARK = "0x00004000";
    private static final Comparator<ProxyEndpoint> BY_ADDRESS = Comparator.comparing(ProxyEndpoint::ip)
            .thenComparingInt(ProxyEndpoint::port);

    private final ProxyNetworks networks;
    private final String familyTable;
    private Map<ServicePortName, Rendered> cache = Map.of();

    /** A renderer for the table {@value #DEFAULT_TABLE}. */
    public NftRenderer(ProxyNetworks networks) {
        this(networks, DEFAULT_TABLE);
    }

    /** A renderer for the {@code ip} table {@code table} (see {@link ProxyConfig#validTable}). */
    public NftRenderer(ProxyNetworks networks, String table) {
        this.networks = networks;
        this.familyTable = "ip " + ProxyConfig.validTable(table);
    }

    public ProxyNetworks networks() {
        return networks;
    }

    /** The table as nft names it: {@code ip NAME}. */
    public String familyTable() {
        return familyTable;
    }

    /** The table's fixed objects as {@code nft} commands: sets, maps, base chains and their rules. */
    public List<String> baseTable() {
        List<String> out = new ArrayList<>();
        String t = familyTable;
        out.add("add table " + t + " { comment \"Services, programmed by the Skiff kubelet's proxy\" ; }");
        out.add("add set " + t + " " + CLUSTER_IPS + " { type ipv4_addr ; }");
        out.add("add map " + t + " " + SERVICE_IPS + " { type ipv4_addr . inet_proto . inet_service : verdict ; }");
        out.add("add map " + t + " " + SERVICE_NODEPORTS + " { type inet_proto . inet_service : verdict ; }");
        out.add("add map " + t + " " + NO_ENDPOINT_SERVICES
                + " { type ipv4_addr . inet_proto . inet_service : verdict ; }");
        out.add("add map " + t + " " + NO_ENDPOINT_NODEPORTS + " { type inet_proto . inet_service : verdict ; }");
        for (Map.Entry<String, List<String>> chain : baseChains().entrySet()) {
            out.add("add chain " + t + " " + chain.getKey() + hook(chain.getKey()));
        }
        for (Map.Entry<String, List<String>> chain : baseChains().entrySet()) {
            out.add("flush chain " + t + " " + chain.getKey());
            for (String rule : chain.getValue()) {
                out.add("add rule " + t + " " + chain.getKey() + " " + rule);
            }
        }
        return out;
    }

    private static String hook(String chain) {
        // The standard priorities as numbers (dstnat -100, srcnat 100, filter 0): nft 1.0.6 accepts names only on
        // some hooks.
        return switch (chain) {
            case "nat-prerouting" -> " { type nat hook prerouting priority -100 ; policy accept ; }";
            case "nat-output" -> " { type nat hook output priority -100 ; policy accept ; }";
            case "nat-postrouting" -> " { type nat hook postrouting priority 100 ; policy accept ; }";
            // After the dstnat chains, so only traffic no Service rule rewrote meets them (kube-proxy: filter - 1).
            case "filter-input" -> " { type filter hook input priority -1 ; policy accept ; }";
            case "filter-forward" -> " { type filter hook forward priority -1 ; policy accept ; }";
            case "filter-output" -> " { type filter hook output priority -1 ; policy accept ; }";
            default -> "";
        };
    }

    private SortedMap<String, List<String>> baseChains() {
        SortedMap<String, List<String>> chains = new TreeMap<>();
        String dispatch = "jump services";
        chains.put("nat-prerouting", List.of(dispatch));
        chains.put("nat-output", List.of(dispatch));
        chains.put("nat-postrouting", List.of("jump masquerading"));
        List<String> checks = List.of("ct state new jump service-endpoints-check",
                "ct state new jump cluster-ips-check");
        chains.put("filter-input", checks);
        chains.put("filter-forward", checks);
        chains.put("filter-output", checks);
        chains.put("service-endpoints-check", List.of(
                "ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES,
                "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @"
                        + NO_ENDPOINT_NODEPORTS));
        // kube-proxy nftables (1.32) cluster-ips-check: a wrong port of a ClusterIP is rejected; an address of the
        // service range that no Service has is refused here too (kube-proxy drops it) so clients fail at once.
        List<String> clusterIpsCheck = new ArrayList<>();
        clusterIpsCheck.add("ip daddr @" + CLUSTER_IPS + " reject comment \"invalid port of a ClusterIP\"");
        if (networks.serviceCidr() != null) {
            clusterIpsCheck.add("ip daddr " + networks.serviceCidr() + " reject comment \"unallocated ClusterIP\"");
        }
        chains.put("cluster-ips-check", clusterIpsCheck);
        chains.put("mark-for-masquerade", List.of("meta mark set meta mark | " + MASQ_MARK));
        chains.put("masquerading", List.of("meta mark & " + MASQ_MARK + " == 0 return",
                "meta mark set meta mark ^ " + MASQ_MARK, "masquerade fully-random"));
        chains.put("services", List.of(
                "ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS,
                "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @" + SERVICE_NODEPORTS));
        chains.put("reject-chain", List.of("reject"));
        return chains;
    }

    /**
     * The per-Service chains, set and map elements and affinity sets for {@code state}. A Service port equal to the
     * one last rendered reuses that rendering, so a sync costs in proportion to what changed (kube-proxy likewise
     * only rewrites the chains of changed Services).
     */
    public NftRuleset render(Map<ServicePortName, ServicePortInfo> state) {
        SortedMap<String, List<String>> chains = new TreeMap<>();
        SortedMap<String, SortedMap<String, String>> elements = new TreeMap<>();
        for (String name : List.of(CLUSTER_IPS, SERVICE_IPS, SERVICE_NODEPORTS, NO_ENDPOINT_SERVICES,
                NO_ENDPOINT_NODEPORTS)) {
            elements.put(name, new TreeMap<>());
        }
        SortedMap<String, Integer> affinity = new TreeMap<>();
        Map<ServicePortName, Rendered> rendered = new HashMap<>();
        for (ServicePortInfo info : state.values()) {
            Rendered port = cache.get(info.name());
            if (port == null || !port.info().equals(info)) {
                port = renderPort(info);
            }
            rendered.put(info.name(), port);
            chains.putAll(port.chains());
            port.elements().forEach((name, entries) -> elements.get(name).putAll(entries));
            affinity.putAll(port.affinity());
        }
        cache = rendered;
        return new NftRuleset(chains, elements, affinity);
    }

    /** One Service port's share of the table. */
    private record Rendered(ServicePortInfo info, SortedMap<String, List<String>> chains,
            Map<String, Map<String, String>> elements, Map<String, Integer> affinity) {
    }

    private Rendered renderPort(ServicePortInfo info) {
        SortedMap<String, List<String>> chains = new TreeMap<>();
        SortedMap<String, SortedMap<String, String>> elements = new TreeMap<>();
        for (String name : List.of(CLUSTER_IPS, SERVICE_IPS, SERVICE_NODEPORTS, NO_ENDPOINT_SERVICES,
                NO_ENDPOINT_NODEPORTS)) {
            elements.put(name, new TreeMap<>());
        }
        SortedMap<String, Integer> affinity = new TreeMap<>();
        renderPort(info, chains, elements, affinity);
        return new Rendered(info, chains, new HashMap<>(elements), affinity);
    }

    private void renderPort(ServicePortInfo info, SortedMap<String, List<String>> chains,
            SortedMap<String, SortedMap<String, String>> elements, SortedMap<String, Integer> affinity) {
        ServicePortName name = info.name();
        String proto = name.protocol().toLowerCase(Locale.ROOT);
        String serviceChain = chainName("service", name, "");
        String localChain = chainName("local", name, "");
        String externalChain = chainName("external", name, "");
        List<ProxyEndpoint> cluster = sorted(info.clusterEndpoints());
        List<ProxyEndpoint> local = sorted(info.localEndpoints());
        if (!cluster.isEmpty()) {
            List<String> rules = new ArrayList<>();
            if (networks.clusterCidr() != null) {
                // kube-proxy --cluster-cidr: ClusterIP traffic from outside the pod network is masqueraded.
                rules.add("ip daddr " + info.clusterIp() + " " + proto + " dport " + info.port() + " ip saddr != "
                        + networks.clusterCidr() + " jump mark-for-masquerade");
            }
            rules.addAll(endpointDispatch(name, cluster, info.affinityTimeoutSeconds()));
            chains.put(serviceChain, rules);
        }
        if (!local.isEmpty()) {
            chains.put(localChain, endpointDispatch(name, local, info.affinityTimeoutSeconds()));
        }
        for (ProxyEndpoint endpoint : union(cluster, local)) {
            String suffix = "__" + endpoint.ip() + "/" + endpoint.port();
            List<String> rules = new ArrayList<>();
            // Hairpin: a pod reaching itself through its Service must see the reply come from the Service.
            rules.add("ip saddr " + endpoint.ip() + " jump mark-for-masquerade");
            if (info.affinityTimeoutSeconds() > 0) {
                String set = chainName("affinity", name, suffix);
                affinity.put(set, info.affinityTimeoutSeconds());
                rules.add("update @" + set + " { ip saddr }");
            }
            rules.add("meta l4proto " + proto + " dnat to " + endpoint.ip() + ":" + endpoint.port());
            chains.put(chainName("endpoint", name, suffix), rules);
        }
        String internalChain = info.internalLocal() ? localChain : serviceChain;
        String externalTarget = null;
        if (info.externallyAccessible() && !info.externalEndpoints().isEmpty()) {
            List<String> rules = new ArrayList<>();
            if (info.externalLocal()) {
                // kube-proxy (1.32) external chain with Local policy: pod traffic and the node's own traffic go to
                // every endpoint (the node's masqueraded); traffic from elsewhere keeps its source, local endpoints
                // only.
                if (!cluster.isEmpty()) {
                    if (networks.clusterCidr() != null) {
                        rules.add("ip saddr " + networks.clusterCidr() + " goto " + serviceChain);
                    }
                    rules.add("fib saddr type local jump mark-for-masquerade");
                    rules.add("fib saddr type local goto " + serviceChain);
                }
                rules.add("goto " + localChain);
            } else {
                rules.add("jump mark-for-masquerade");
                rules.add("goto " + serviceChain);
            }
            chains.put(externalChain, rules);
            externalTarget = "goto " + externalChain;
        }
        // k/k pkg/proxy/nftables/proxier.go (1.32): no endpoint anywhere -> reject; endpoints elsewhere only
        // (a Local policy without local endpoints) -> drop.
        String noEndpoints = info.hasAnyEndpoints() ? "drop" : "goto reject-chain";
        elements.get(CLUSTER_IPS).put(info.clusterIp(), "");
        String clusterKey = info.clusterIp() + " . " + proto + " . " + info.port();
        if (info.internalEndpoints().isEmpty()) {
            elements.get(NO_ENDPOINT_SERVICES).put(clusterKey, noEndpoints);
        } else {
            elements.get(SERVICE_IPS).put(clusterKey, "goto " + internalChain);
        }
        for (String ip : info.externalIps()) {
            String key = ip + " . " + proto + " . " + info.port();
            if (externalTarget == null) {
                elements.get(NO_ENDPOINT_SERVICES).put(key, noEndpoints);
            } else {
                elements.get(SERVICE_IPS).put(key, externalTarget);
            }
        }
        if (info.nodePort() > 0) {
            String key = proto + " . " + info.nodePort();
            if (externalTarget == null) {
                elements.get(NO_ENDPOINT_NODEPORTS).put(key, noEndpoints);
            } else {
                elements.get(SERVICE_NODEPORTS).put(key, externalTarget);
            }
        }
    }

    // k/k pkg/proxy/nftables/proxier.go (1.32): ClientIP affinity first sends a known client to the endpoint it had,
    // then numgen random picks among all endpoints.
    private static List<String> endpointDispatch(ServicePortName name, List<ProxyEndpoint> endpoints,
            int affinitySeconds) {
        List<String> rules = new ArrayList<>();
        if (affinitySeconds > 0) {
            for (ProxyEndpoint endpoint : endpoints) {
                String suffix = "__" + endpoint.ip() + "/" + endpoint.port();
                rules.add("ip saddr @" + chainName("affinity", name, suffix) + " goto "
                        + chainName("endpoint", name, suffix));
            }
        }
        StringBuilder vmap = new StringBuilder("numgen random mod " + endpoints.size() + " vmap { ");
        for (int i = 0; i < endpoints.size(); i++) {
            ProxyEndpoint endpoint = endpoints.get(i);
            vmap.append(i == 0 ? "" : ", ").append(i).append(" : goto ")
                    .append(chainName("endpoint", name, "__" + endpoint.ip() + "/" + endpoint.port()));
        }
        rules.add(vmap.append(" }").toString());
        return rules;
    }

    private static List<ProxyEndpoint> sorted(List<ProxyEndpoint> endpoints) {
        return endpoints.stream().sorted(BY_ADDRESS).toList();
    }

    private static List<ProxyEndpoint> union(List<ProxyEndpoint> a, List<ProxyEndpoint> b) {
        TreeMap<String, ProxyEndpoint> all = new TreeMap<>();
        a.forEach(e -> all.put(e.address(), e));
        b.forEach(e -> all.put(e.address(), e));
        return List.copyOf(all.values());
    }

    /**
     * kube-proxy's naming (k/k pkg/proxy/nftables/proxier.go servicePortChainNameBase, 1.32): a short hash keeps
     * names unique and the readable part says what the chain is for.
     */
    static String chainName(String kind, ServicePortName name, String suffix) {
        String readable = name.chainSuffix() + suffix;
        return kind + "-" + hash(readable) + "-" + readable;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
