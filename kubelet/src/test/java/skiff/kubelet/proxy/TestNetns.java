package skiff.kubelet.proxy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Network namespaces a test creates for itself (unique names) and deletes at the end, with whatever they hold.
 * Tests using them are skipped where {@code ip netns} and {@code nft} cannot run (not root, no nftables).
 */
final class TestNetns implements AutoCloseable {
    private final String prefix = "skpx" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
    private final List<String> created = new ArrayList<>();

    static void assumeAvailable() {
        boolean ok;
        try {
            HostCommand.here().run(null, "nft", "--version");
            HostCommand.here().run(null, "ip", "netns", "list");
            ok = ProxyMode.isRoot();
        } catch (HostCommand.CommandException e) {
            ok = false;
        }
        assumeTrue(ok, "needs root, iproute2 and nftables");
    }

    /** A new namespace named PREFIX-suffix, with its loopback up. */
    String create(String suffix) {
        String name = prefix + "-" + suffix;
        HostCommand.here().run(null, "ip", "netns", "add", name);
        created.add(name);
        exec(name, "ip", "link", "set", "lo", "up");
        return name;
    }

    /** A short name unique to this test run, for links and bridges (at most 15 characters with the suffix). */
    String link(String suffix) {
        return prefix + suffix;
    }

    String exec(String netns, String... command) {
        return HostCommand.inNetns(netns).run(null, command);
    }

    @Override
    public void close() {
        List<String> reversed = new ArrayList<>(created);
        Collections.reverse(reversed);
        for (String name : reversed) {
            try {
                HostCommand.here().run(null, "ip", "netns", "del", name);
            } catch (HostCommand.CommandException e) {
                // already gone
            }
        }
    }
}
