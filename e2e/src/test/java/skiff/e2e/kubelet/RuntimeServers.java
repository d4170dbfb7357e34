package skiff.e2e.kubelet;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.image.OciImageStore;
import skiff.image.testing.TestImages;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuntimeProbe;
import skiff.server.KubeletOptions;
import skiff.server.KubeletOptions.RuntimeKind;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
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
    private final Map<RuntimeKind, Path> manifests = new EnumMap<>(RuntimeKind.class);
    private final boolean staticPods;
    private final UnaryOperator<SkiffServerOptions> options;
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

    RuntimeServers() {
        this(false, o -> o);
    }

    private RuntimeServers(boolean staticPods, UnaryOperator<SkiffServerOptions> options) {
        this.staticPods = staticPods;
        this.options = options;
    }

    /** Servers whose kubelets also run static pods, from {@link #manifests} of their own. */
    static RuntimeServers withStaticPods() {
        return new RuntimeServers(true, o -> o);
    }

    /** Servers started with {@code options} applied to their options as well. */
    static RuntimeServers withOptions(UnaryOperator<SkiffServerOptions> options) {
        return new RuntimeServers(false, options);
    }

    /** The pod manifest directory of the server of {@code runtime} (of servers {@link #withStaticPods}). */
    Path manifests(RuntimeKind runtime) {
        server(runtime);
        return manifests.get(runtime);
    }

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
        if (runtime == RuntimeKind.RUNC) {
            RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
            Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        }
        KubeletOptions kubelet = kubelet(runtime);
        if (runtime == RuntimeKind.PROCESS) {
            return SkiffServer.startTemporary(StoreKind.MEMORY, o -> options.apply(o.withKubelet(kubelet)));
        }
        // A /24 of 10.200.0.0/13 picked per run, as the node's whole pod CIDR: no traffic leaves the node.
        int third = new SecureRandom().nextInt(8 * 256);
        String cidr = "10." + (200 + third / 256) + "." + (third % 256) + ".0/24";
        SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> options.apply(o
                .withKubelet(kubelet).withNodeIpam(new NodeIpamOptions(true, cidr, 24))));
        try {
            TestImages.busybox().build().putInto(OciImageStore.open(OciImageStore.inDataDir(server.dataDir())),
                    TestPod.IMAGE);
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        return server;
    }

    private KubeletOptions kubelet(RuntimeKind runtime) {
        KubeletOptions kubelet = runtime == RuntimeKind.PROCESS ? TestKubelets.process(NODE)
                : TestKubelets.runc(NODE, run);
        if (!staticPods) {
            return kubelet;
        }
        try {
            manifests.put(runtime, Files.createTempDirectory("skiff-manifests-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kubelet.withPodManifestPath(manifests.get(runtime));
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        SkiffServer runc = servers.get(RuntimeKind.RUNC);
        if (runc != null) {
            KubernetesClient client = clients.get(RuntimeKind.RUNC);
            try {
                // runc containers outlive their server: remove every manifest, delete every pod and wait for the
                // kubelet to confirm each.
                removeManifests(RuntimeKind.RUNC);
                for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
                    client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).withGracePeriod(0).delete();
                }
                await().atMost(DEADLINE).until(() -> runc.kubelet().orElseThrow().runtime().sandboxes().isEmpty());
            } finally {
                close(RuntimeKind.RUNC);
                // What outlives the pods: the run's cgroup root (kubepods and its QoS groups) and the bridge.
                CgroupTree.system().removeTree("/skiff-test-" + run);
                new ProcessBuilder("ip", "link", "del", "skt" + run).inheritIO().start().waitFor();
                CniPodNetwork.removeMasquerade("skt" + run);
            }
        }
        close(RuntimeKind.PROCESS);
        removeManifests(RuntimeKind.PROCESS);
        for (Path directory : manifests.values()) {
            Files.deleteIfExists(directory);
        }
    }

    private void removeManifests(RuntimeKind runtime) throws IOException {
        Path directory = manifests.get(runtime);
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
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
