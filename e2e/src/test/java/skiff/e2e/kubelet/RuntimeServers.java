package skiff.e2e.kubelet;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.image.OciImageStore;
import skiff.image.testing.TestImages;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuntimeProbe;
import skiff.server.KubeletOptions.RuntimeKind;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.testing.TestKubelets;

/**
 * The servers of a test class whose tests run on both runtimes ({@code @EnumSource(names = {"PROCESS", "RUNC"})}):
 * one server per runtime, started when a test first asks for it and shared by the class. The runc one runs only
 * where runc can work (root, runc, conmon, CNI plugins; otherwise its tests are skipped by assumption), with a bridge,
 * network namespace prefix, cgroup root and pod CIDR of its own and {@link TestPod#IMAGE} (busybox) in its image
 * store. At the end its pods are deleted, the kubelet confirms each, and the cgroup root and bridge are removed.
 */
final class RuntimeServers implements AfterAllCallback {
    static final String NODE = "runtime-node";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final Map<RuntimeKind, SkiffServer> servers = new EnumMap<>(RuntimeKind.class);
    private final Map<RuntimeKind, KubernetesClient> clients = new EnumMap<>(RuntimeKind.class);
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

    /** The server whose kubelet runs pods under {@code runtime}, started on first use. */
    synchronized SkiffServer server(RuntimeKind runtime) {
        SkiffServer server = servers.get(runtime);
        if (server == null) {
            server = start(runtime);
            servers.put(runtime, server);
            clients.put(runtime, server.newClient());
        }
        return server;
    }

    /** A client of that server for the admin user, namespace "default". */
    KubernetesClient client(RuntimeKind runtime) {
        server(runtime);
        return clients.get(runtime);
    }

    private SkiffServer start(RuntimeKind runtime) {
        if (runtime == RuntimeKind.PROCESS) {
            return SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(TestKubelets.process(NODE)));
        }
        RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        // A /24 of 10.200.0.0/13 picked per run, as the node's whole pod CIDR: no traffic leaves the node.
        int third = new SecureRandom().nextInt(8 * 256);
        String cidr = "10." + (200 + third / 256) + "." + (third % 256) + ".0/24";
        SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o
                .withKubelet(TestKubelets.runc(NODE, run)).withNodeIpam(new NodeIpamOptions(true, cidr, 24)));
        try {
            TestImages.busybox().build().putInto(OciImageStore.open(OciImageStore.inDataDir(server.dataDir())),
                    TestPod.IMAGE);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        return server;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        SkiffServer runc = servers.get(RuntimeKind.RUNC);
        if (runc != null) {
            KubernetesClient client = clients.get(RuntimeKind.RUNC);
            try {
                // runc containers outlive their server: delete every pod and wait for the kubelet to confirm each.
                for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
                    client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).withGracePeriod(0).delete();
                }
                await().atMost(DEADLINE).until(() -> runc.kubelet().orElseThrow().runtime().sandboxes().isEmpty());
            } finally {
                close(RuntimeKind.RUNC);
                // What outlives the pods: the run's cgroup root (kubepods and its QoS groups) and the bridge.
                CgroupTree.system().removeTree("/skiff-test-" + run);
                new ProcessBuilder("ip", "link", "del", "skt" + run).inheritIO().start().waitFor();
            }
        }
        close(RuntimeKind.PROCESS);
    }

    private void close(RuntimeKind runtime) {
        if (clients.containsKey(runtime)) {
            clients.remove(runtime).close();
        }
        if (servers.containsKey(runtime)) {
            servers.remove(runtime).close();
        }
    }
}
