package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.e2e.Kubectl;
import skiff.image.OciImageStore;
import skiff.image.registry.RegistryClient;
import skiff.image.registry.RegistryConfig;
import skiff.image.testing.TestImages;
import skiff.kubelet.Kubelet;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuncRuntime;
import skiff.kubelet.runtime.runc.RuntimeProbe;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * What a runc pod's containers share and see change, through kubectl: a ConfigMap and a Secret edited and a label
 * set while the pod runs reach its configMap, secret and downwardAPI volumes (a subPath mount keeps its first
 * contents, as in Kubernetes); a memory-backed emptyDir is a tmpfs of its sizeLimit (or of the pod's memory limit) and a write beyond it fails
 * with ENOSPC; the containers of a pod share its IPC namespace and /dev/shm, and with shareProcessNamespace see each
 * other's processes. One server and kubelet for the class, on a bridge, pod CIDR, cgroup root and runc state
 * directory of the run's own.
 */
class RuncPodSharingTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    // The kubelet's pod resync period (15 s) plus the time a sync takes: when an edited ConfigMap is seen.
    private static final Duration VOLUME_UPDATE = Duration.ofSeconds(60);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String NODE = "runc-sharing-node";
    private static final String IMAGE = "docker.io/library/busybox:runc-sharing";
    @TempDir
    static Path dir;
    private static SkiffServer server;
    private static KubernetesClient admin;
    private static Kubelet kubelet;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled()));
        admin = server.newClient();
        Config clientConfig = server.clientConfig();
        OciImageStore images = OciImageStore.open(dir.resolve("images"));
        TestImages.busybox().build().putInto(images, IMAGE);
        Path root = dir.resolve("kubelet");
        // A /24 of 10.200.0.0/13 picked per run, on a bridge of the run's own: no traffic leaves the node.
        int third = new SecureRandom().nextInt(8 * 256);
        String cidr = "10." + (200 + third / 256) + "." + (third % 256) + ".0/24";
        CniPodNetwork network = new CniPodNetwork(CniConfig.defaults(root).withBridge("sks" + RUN, false)
                .withNetnsPrefix("sks" + RUN + "-"), () -> cidr);
        RuncRuntime runtime = new RuncRuntime(new RuncRuntime.Options(root.resolve("runc"), decision.runc(),
                decision.conmon(), network, images, "127.0.0.1", Clock.system(), new SecureRandom()));
        String ca = new String(Base64.getDecoder().decode(clientConfig.getCaCertData()), StandardCharsets.UTF_8);
        KubeletConfig config = KubeletConfig.defaults(NODE, root, Clock.system(), runtime, ca).withServerPort(0)
                .withNodeSettings(NodeSettings.defaults().withKubeletRoot(root).withCgroupRoot("skiff-test-" + RUN))
                .withImages(new KubeletConfig.Images(images, new RegistryClient(images, RegistryConfig.empty(),
                        images.platform(), RegistryClient.Timeouts.defaults())));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(clientConfig)
                .withOnlyHttpWatches(true).withRequestTimeout(30_000).build()).build();
        kubelet = Kubelet.start(config, client);
        assertThat(kubelet.awaitConnected(DEADLINE)).isTrue();
        kubectl = new Kubectl(server.kubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        for (Pod p : admin.pods().inNamespace("default").list().getItems()) {
            admin.pods().inNamespace("default").resource(p).withGracePeriod(0).delete();
        }
        if (kubelet != null) {
            await().atMost(DEADLINE).until(() -> kubelet.runtime().sandboxes().isEmpty());
            kubelet.close();
        }
        admin.close();
        server.close();
        CgroupTree.system().removeTree("/skiff-test-" + RUN);
        try {
            new ProcessBuilder("ip", "link", "del", "sks" + RUN).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete the bridge sks" + RUN, e);
        }
    }

    private static void apply(String name, String manifest) {
        kubectl.succeed("apply", "-f", kubectl.file(name + ".yaml", manifest));
    }

    private static void running(String name) {
        await().atMost(DEADLINE).until(() -> admin.pods().inNamespace("default").withName(name).get(),
                p -> p != null && "Running".equals(p.getStatus().getPhase()));
    }

    private static String exec(String pod, String container, String script) {
        return kubectl.succeed("exec", pod, "-c", container, "--", "sh", "-c", script).stdout();
    }

    @Test
    void anEditedConfigMapAndSecretAndANewLabelReachTheRunningContainerButASubPathMountKeepsItsFirstContents() {
        apply("settings", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  color: blue
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: credentials
                stringData:
                  password: first
                """);
        apply("watcher", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: watcher
                  labels:
                    tier: front
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: %s
                    command: ["sleep", "3600"]
                    volumeMounts:
                    - name: cfg
                      mountPath: /etc/cfg
                    - name: cfg
                      mountPath: /etc/color-at-start
                      subPath: color
                    - name: info
                      mountPath: /etc/info
                    - name: secret
                      mountPath: /etc/secret
                  volumes:
                  - name: cfg
                    configMap:
                      name: settings
                  - name: secret
                    secret:
                      secretName: credentials
                      defaultMode: 0400
                  - name: info
                    downwardAPI:
                      items:
                      - path: labels
                        fieldRef:
                          fieldPath: metadata.labels
                """.formatted(NODE, IMAGE));
        running("watcher");
        assertThat(exec("watcher", "app", "cat /etc/cfg/color")).isEqualTo("blue");
        // The atomic writer's layout: the key a link through ..data to a timestamped directory.
        assertThat(exec("watcher", "app", "readlink /etc/cfg/color; readlink /etc/cfg/..data"))
                .startsWith("..data/color\n..20");

        kubectl.succeed("patch", "configmap", "settings", "-p", "{\"data\":{\"color\":\"green\"}}");
        kubectl.succeed("patch", "secret", "credentials", "-p", "{\"data\":{\"password\":\"c2Vjb25k\"}}");
        kubectl.succeed("label", "pod", "watcher", "tier=back", "--overwrite");

        await().atMost(VOLUME_UPDATE).until(() -> exec("watcher", "app", "cat /etc/cfg/color"), "green"::equals);
        await().atMost(VOLUME_UPDATE).until(() -> exec("watcher", "app", "cat /etc/secret/password"),
                "second"::equals);
        assertThat(exec("watcher", "app", "stat -L -c %a /etc/secret/password")).isEqualTo("400\n");
        await().atMost(DEADLINE).until(() -> exec("watcher", "app", "cat /etc/info/labels"),
                "tier=\"back\""::equals);
        assertThat(exec("watcher", "app", "cat /etc/color-at-start")).isEqualTo("blue");
    }

    @Test
    void aMemoryEmptyDirIsATmpfsOfItsSizeLimitOrThePodsMemoryLimitAndAWriteBeyondFailsWithNoSpace() {
        apply("scratch", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: scratch
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: %s
                    command: ["sleep", "3600"]
                    resources:
                      limits:
                        memory: 64Mi
                    volumeMounts:
                    - name: small
                      mountPath: /small
                    - name: sized-by-pod
                      mountPath: /big
                  volumes:
                  - name: small
                    emptyDir:
                      medium: Memory
                      sizeLimit: 1Mi
                  - name: sized-by-pod
                    emptyDir:
                      medium: Memory
                """.formatted(NODE, IMAGE));
        running("scratch");

        String write = exec("scratch", "app", "dd if=/dev/zero of=/small/fill bs=1024 count=2048 2>&1; echo rc=$?");

        assertThat(write).contains("No space left on device").contains("rc=1");
        assertThat(exec("scratch", "app", "grep -E ' /(small|big) ' /proc/mounts | cut -d' ' -f2,3,4"))
                .contains("/small tmpfs rw,").contains("size=1024k").contains("/big tmpfs rw,")
                .contains("size=65536k");
    }

    @Test
    void containersShareTheIpcNamespaceAndDevShmAndWithShareProcessNamespaceSeeEachOthersProcesses() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  shareProcessNamespace: %s
                  containers:
                  - name: writer
                    image: %s
                    command: ["sh", "-c", "echo from-writer > /dev/shm/note; exec sleep 3601"]
                  - name: reader
                    image: %s
                    command: ["sleep", "3602"]
                """;
        apply("separate", pod.formatted("separate", NODE, false, IMAGE, IMAGE));
        apply("together", pod.formatted("together", NODE, true, IMAGE, IMAGE));
        running("separate");
        running("together");

        for (String name : new String[] {"separate", "together"}) {
            await().atMost(DEADLINE).until(() -> kubectl.run("exec", name, "-c", "reader", "--", "cat",
                    "/dev/shm/note").stdout(), "from-writer\n"::equals);
            assertThat(exec(name, "reader", "readlink /proc/self/ns/ipc"))
                    .isEqualTo(exec(name, "writer", "readlink /proc/self/ns/ipc"));
        }
        assertThat(exec("separate", "reader", "readlink /proc/self/ns/ipc"))
                .isNotEqualTo(exec("together", "reader", "readlink /proc/self/ns/ipc"));
        assertThat(exec("separate", "reader", "ps -o args")).doesNotContain("sleep 3601");
        assertThat(exec("together", "reader", "ps -o args")).contains("sleep 3601").contains("sleep 3602");
        assertThat(exec("together", "writer", "ps -o args")).contains("sleep 3602");
    }
}
