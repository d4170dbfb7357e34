package skiff.kubelet.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the node's Services are programmed (kube-proxy --proxy-mode). */
public enum ProxyMode {
    /** nftables where it can run (root and the nft command), else none; the choice is logged. */
    AUTO,
    /** Skiff's own nftables table, as kube-proxy's nftables mode. */
    NFTABLES,
    /** No service proxy on this node. */
    NONE;

    private static final Logger LOG = LoggerFactory.getLogger(ProxyMode.class);

    public static ProxyMode parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "nftables" -> NFTABLES;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("invalid proxy mode '" + text
                    + "': want auto, nftables or none");
        };
    }

    /** The mode to run: AUTO becomes NFTABLES when root can list nftables tables, else NONE. */
    public ProxyMode resolve(HostCommand host) {
        if (this != AUTO) {
            return this;
        }
        if (!isRoot()) {
            LOG.info("proxy: mode none (auto: not running as root, so nftables cannot be programmed)");
            return NONE;
        }
        try {
            host.run(null, "nft", "list", "tables");
            LOG.info("proxy: mode nftables (auto: nft works here)");
            return NFTABLES;
        } catch (HostCommand.CommandException e) {
            LOG.info("proxy: mode none (auto: nft is not usable: {})", e.getMessage());
            return NONE;
        }
    }

    /** Whether this process runs with effective user id 0 (from /proc/self/status). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
