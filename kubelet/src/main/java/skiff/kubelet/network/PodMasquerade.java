package skiff.kubelet.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Masquerades the traffic of the node's pods that leaves their network with one nftables rule for the whole pod
 * CIDR, in place of the bridge plugin's {@code ipMasq}, which makes a chain and two iptables rules for every pod
 * (seven iptables runs on each pod's start, on its critical path). The match is the bridge plugin's (plugins
 * v1.1 pkg/ip/ipmasq_linux.go SetupIPMasq): from the pod network to anywhere outside it but multicast
 * 224.0.0.0/4. kubenet did the same: the bridge without ipMasq and one rule of the kubelet's for every pod. Traffic
 * to the cluster CIDR, other nodes' pods, keeps the pod's address, as flannel's masquerade rules leave it (flannel
 * pkg/trafficmngr/iptables MasqRules, v0.26: no masquerade from the cluster network to itself).
 *
 * <p>The table outlives the kubelet, as the bridge does: containers keep running across restarts.
 */
final class PodMasquerade {
    private static final Logger LOG = LoggerFactory.getLogger(PodMasquerade.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final String table;
    private final String clusterCidr;
    private String installedFor;

    /** @param clusterCidr every node's pods' range, not masqueraded to (as flannel's and kubenet's rules); or null */
    PodMasquerade(String bridge, String clusterCidr) {
        this.table = tableName(bridge);
        this.clusterCidr = clusterCidr;
    }

    /** The nftables table of the pods on {@code bridge}: {@code ip skiff-masq-BRIDGE}. */
    static String tableName(String bridge) {
        return "skiff-masq-" + bridge.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Whether nft can change this host's rules (root and the nft command). */
    static boolean usable() {
        return nft("list tables\n") == null;
    }

    /** Removes the table of the pods on {@code bridge}, if there is one. */
    static void remove(String bridge) {
        nft("table ip " + tableName(bridge) + " {}\ndelete table ip " + tableName(bridge) + "\n");
    }

    /**
     * Makes the table match the node's pod CIDR, replacing it in one transaction; nothing when it was made for that
     * CIDR already by this kubelet.
     *
     * @throws CniException when nft refuses it
     */
    synchronized void ensure(String podCidr) {
        if (podCidr.equals(installedFor)) {
            return;
        }
        String failure = nft(ruleset(podCidr));
        if (failure != null) {
            throw new CniException("cannot set up masquerading of pod traffic (nft table ip " + table + "): "
                    + failure, 0);
        }
        installedFor = podCidr;
        LOG.info("pod traffic from {} leaving the pod network is masqueraded (nft table ip {})", podCidr, table);
    }

    String ruleset(String podCidr) {
        // "table {}" then "delete table" replaces a table left by an earlier run in the same transaction.
        return String.join("\n", List.of(
                "table ip " + table + " {}",
                "delete table ip " + table,
                "table ip " + table + " {",
                "  chain postrouting {",
                "    type nat hook postrouting priority srcnat; policy accept;",
                "    ip saddr " + podCidr + " ip daddr != " + podCidr
                        + (clusterCidr == null ? "" : " ip daddr != " + clusterCidr)
                        + " ip daddr != 224.0.0.0/4 masquerade",
                "  }",
                "}", ""));
    }

    /** Runs {@code nft -f -} on the script; null when it succeeded, else what nft printed. */
    private static String nft(String script) {
        try {
            Process process = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "nft did not finish within " + TIMEOUT_SECONDS + "s";
            }
            return process.exitValue() == 0 ? null : output.isEmpty() ? "exit code " + process.exitValue() : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
