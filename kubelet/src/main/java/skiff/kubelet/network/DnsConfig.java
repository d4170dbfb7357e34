package skiff.kubelet.network;

import java.util.List;

/**
 * A pod's resolver settings (CRI DNSConfig) and the {@code resolv.conf} made of them, line by line as containerd's
 * CRI plugin writes it: {@code search}, one {@code nameserver} line each, {@code options}.
 */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
    public DnsConfig {
        servers = List.copyOf(servers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }

    public String resolvConf() {
        StringBuilder file = new StringBuilder();
        if (!searches.isEmpty()) {
            file.append("search ").append(String.join(" ", searches)).append('\n');
        }
        for (String server : servers) {
            file.append("nameserver ").append(server).append('\n');
        }
        if (!options.isEmpty()) {
            file.append("options ").append(String.join(" ", options)).append('\n');
        }
        return file.toString();
    }
}
