package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skiff.kubelet.network.PodNetwork;
import skiff.kubelet.network.PodNetworkStatus;

/**
 * A pod network for tests: a network namespace of the test's own per pod ({@code ip netns add}) with only loopback
 * up, so containers of one pod share it and reach each other on 127.0.0.1, and nothing leaves it.
 */
final class TestNetwork implements PodNetwork {
    private final String prefix;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    TestNetwork(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public PodNetworkStatus setUp(String podUid, String namespace, String podName) {
        String name = names.computeIfAbsent(podUid, uid -> prefix + "-" + Math.abs(uid.hashCode()));
        ip("netns", "add", name);
        ip("-n", name, "link", "set", "lo", "up");
        return new PodNetworkStatus(Path.of("/var/run/netns", name), "127.0.0.1");
    }

    @Override
    public void tearDown(String podUid) {
        String name = names.remove(podUid);
        if (name != null) {
            ip("netns", "del", name);
        }
    }

    @Override
    public List<String> attached() {
        return List.copyOf(names.keySet());
    }

    /** Deletes every namespace this network made and still holds. */
    void tearDownAll() {
        for (String uid : List.copyOf(names.keySet())) {
            tearDown(uid);
        }
    }

    private static void ip(String... args) {
        try {
            Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ip " + String.join(" ", args) + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> command(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        return argv;
    }
}
