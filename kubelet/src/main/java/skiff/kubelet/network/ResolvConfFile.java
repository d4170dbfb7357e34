package skiff.kubelet.network;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's DNS settings as the kubelet computes them (k/k 1.32 pkg/kubelet/network/dns/dns.go GetPodDNS), with the
 * warnings it records as events.
 */
public final class ResolvConfFile {
    // k/k pkg/apis/core/validation: MaxDNSNameservers 3, MaxDNSSearchPaths 32, MaxDNSSearchListChars 2048.
    static final int MAX_NAMESERVERS = 3;
    static final int MAX_SEARCH_PATHS = 32;
    static final int MAX_SEARCH_CHARS = 2048;
    private static final int MAX_SEARCH_PATH = 253;
    private static final List<String> DEFAULT_OPTIONS = List.of("ndots:5");

    private ResolvConfFile() {}

    /**
     * What the kubelet knows of DNS.
     *
     * @param clusterDns the cluster DNS servers (k/k --cluster-dns); empty while the cluster has none
     * @param clusterDomain the cluster domain (k/k --cluster-domain, {@code cluster.local})
     * @param hostResolvConf the content of the node's resolv.conf (k/k --resolv-conf), null when that flag is empty
     * @param nodeIps the node's IPs, for the localhost nameserver used when there is no host resolv.conf
     */
    public record NodeDns(List<String> clusterDns, String clusterDomain, String hostResolvConf, List<String> nodeIps) {
        public NodeDns {
            clusterDns = List.copyOf(clusterDns);
            nodeIps = List.copyOf(nodeIps);
        }
    }

    /** A warning event the kubelet records while forming the settings. */
    public record Warning(boolean onNode, String reason, String message) {}

    /** The settings and the warnings met on the way. */
    public record Result(DnsConfig config, List<Warning> warnings) {
        public String resolvConf() {
            return config.resolvConf();
        }
    }

    public static Result forPod(Pod pod, NodeDns node) {
        List<Warning> warnings = new ArrayList<>();
        DnsConfig host = parse(node.hostResolvConf());
        List<String> servers = new ArrayList<>(host.servers());
        List<String> searches = new ArrayList<>(host.searches());
        List<String> options = new ArrayList<>(host.options());
        String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        boolean cluster = switch (policy) {
            case "None", "Default" -> false;
            case "ClusterFirst" -> !hostNetwork;
            default -> true; // ClusterFirstWithHostNet; an unknown policy falls back to ClusterFirst as in k/k
        };
        if (policy.equals("None")) {
            servers.clear();
            searches.clear();
            options.clear();
        } else if (cluster && !node.clusterDns().isEmpty()) {
            servers = new ArrayList<>(node.clusterDns());
            searches = clusterSearches(searches, pod.getMetadata().getNamespace(), node.clusterDomain());
            options = new ArrayList<>(DEFAULT_OPTIONS);
        } else {
            if (cluster) {
                String message = "kubelet does not have ClusterDNS IP configured and cannot create Pod using"
                        + " \"ClusterFirst\" policy. Falling back to \"Default\" policy.";
                warnings.add(new Warning(true, "MissingClusterDNS", message));
                warnings.add(new Warning(false, "MissingClusterDNS", "pod: \"" + pod.getMetadata().getName() + "_"
                        + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\". " + message));
            }
            if (node.hostResolvConf() == null) {
                for (String ip : node.nodeIps()) {
                    servers.add(ip.contains(":") ? "::1" : "127.0.0.1");
                }
                if (servers.isEmpty()) {
                    servers.add("127.0.0.1");
                }
                searches = new ArrayList<>(List.of("."));
            }
        }
        PodDNSConfig extra = pod.getSpec().getDnsConfig();
        if (extra != null) {
            servers = distinct(servers, extra.getNameservers());
            searches = distinct(searches, extra.getSearches());
            options = mergeOptions(options, extra.getOptions());
        }
        return new Result(new DnsConfig(fitNameservers(servers, warnings), fitSearches(searches, warnings), options),
                warnings);
    }

    /** The node's resolv.conf: nameservers accumulate; the last search and options lines win. */
    static DnsConfig parse(String content) {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if (content == null) {
            return new DnsConfig(servers, searches, options);
        }
        for (String line : content.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            switch (fields[0]) {
                case "nameserver" -> {
                    if (fields.length >= 2) {
                        servers.add(fields[1]);
                    }
                }
                case "search" -> {
                    searches.clear();
                    for (int i = 1; i < fields.length; i++) {
                        // The same domain with and without its trailing dot counts once.
                        String search = fields[i].endsWith(".")
                                ? fields[i].substring(0, fields[i].length() - 1) : fields[i];
                        if (!search.isEmpty()) {
                            searches.add(search);
                        }
                    }
                }
                case "options" -> {
                    options.clear();
                    options.addAll(List.of(fields).subList(1, fields.length));
                }
                default -> { }
            }
        }
        return new DnsConfig(servers, searches, options);
    }

    private static List<String> clusterSearches(List<String> hostSearches, String namespace, String clusterDomain) {
        if (clusterDomain == null || clusterDomain.isEmpty()) {
            return hostSearches;
        }
        return distinct(List.of(namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain),
                hostSearches);
    }

    private static List<String> distinct(List<String> first, List<String> then) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        if (then != null) {
            all.addAll(then);
        }
        return new ArrayList<>(all);
    }

    // Options given in dnsConfig override host (or default) options of the same name.
    private static List<String> mergeOptions(List<String> existing, List<PodDNSConfigOption> given) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String option : existing) {
            int colon = option.indexOf(':');
            merged.put(colon < 0 ? option : option.substring(0, colon), colon < 0 ? "" : option.substring(colon + 1));
        }
        if (given != null) {
            for (PodDNSConfigOption option : given) {
                merged.put(option.getName(), option.getValue() == null ? "" : option.getValue());
            }
        }
        List<String> options = new ArrayList<>();
        merged.forEach((name, value) -> options.add(value.isEmpty() ? name : name + ":" + value));
        return options;
    }

    private static List<String> fitNameservers(List<String> servers, List<Warning> warnings) {
        if (servers.size() <= MAX_NAMESERVERS) {
            return servers;
        }
        List<String> kept = servers.subList(0, MAX_NAMESERVERS);
        warnings.add(new Warning(false, "DNSConfigForming", "Nameserver limits were exceeded, some nameservers have"
                + " been omitted, the applied nameserver line is: " + String.join(" ", kept)));
        return kept;
    }

    private static List<String> fitSearches(List<String> searches, List<Warning> warnings) {
        boolean exceeded = false;
        List<String> kept = new ArrayList<>(searches);
        if (kept.size() > MAX_SEARCH_PATHS) {
            kept = new ArrayList<>(kept.subList(0, MAX_SEARCH_PATHS));
            exceeded = true;
        }
        // Some resolvers (glibc 2.28) abort on a search path over 253 characters.
        if (kept.removeIf(search -> search.length() > MAX_SEARCH_PATH)) {
            exceeded = true;
        }
        int length = String.join(" ", kept).length();
        if (length > MAX_SEARCH_CHARS) {
            while (!kept.isEmpty() && length > MAX_SEARCH_CHARS) {
                length -= kept.removeLast().length() + 1;
            }
            exceeded = true;
        }
        if (exceeded) {
            warnings.add(new Warning(false, "DNSConfigForming", "Search Line limits were exceeded, some search paths"
                    + " have been omitted, the applied search line is: " + String.join(" ", kept)));
        }
        return kept;
    }
}
