package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
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
import java.util.List;
import java.util.Map;
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
 * A kubelet running pods with the runc runtime, against a real API server: containers of a pod share localhost and
 * an emptyDir, see the pod's hostname and not the host's files, a memory hog ends OOMKilled, {@code kubectl exec}
 * runs in a container, and a kubelet started again adopts the running containers with their restart counts. The
 * run uses its own bridge, pod CIDR, network namespace prefix, cgroup root and runc state directory.
 */
class RuncPodTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String NODE = "runc-node";
    private static final String IMAGE = "docker.io/library/busybox:runc-test";
    private static final String CLUSTER_DNS = "10.43.0.10";
    @TempDir
    static Path dir;
    private static SkiffServer server;
    private static KubernetesClient admin;
    private static Kubelet kubelet;
    private static Kubectl kubectl;
    private static KubeletConfig kubeletConfig;
    private static Config clientConfig;
    private static RuntimeProbe.Decision decision;
    private static OciImageStore images;
    private static CniPodNetwork network;

    @BeforeAll
    static void start() throws IOException {
        decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled()));
        admin = server.newClient();
        clientConfig = server.clientConfig();
        images = OciImageStore.open(dir.resolve("images"));
        TestImages.busybox().build().putInto(images, IMAGE);
        Path root = dir.resolve("kubelet");
        // A /24 of 10.200.0.0/13 picked per run, on a bridge of the run's own: no traffic leaves the node.
        int third = new SecureRandom().nextInt(8 * 256);
        String cidr = "10." + (200 + third / 256) + "." + (third % 256) + ".0/24";
        network = new CniPodNetwork(CniConfig.defaults(root).withBridge("skt" + RUN, false)
                .withNetnsPrefix("skt" + RUN + "-"), () -> cidr);
        RuncRuntime runtime = newRuntime();
        String ca = new String(Base64.getDecoder().decode(clientConfig.getCaCertData()), StandardCharsets.UTF_8);
        kubeletConfig = KubeletConfig.defaults(NODE, root, Clock.system(), runtime, ca).withServerPort(0)
                .withStopPodsOnClose(false)
                .withNodeSettings(NodeSettings.defaults().withKubeletRoot(root).withCgroupRoot("skiff-test-" + RUN)
                        .withClusterDns(List.of(CLUSTER_DNS), "cluster.local"))
                .withImages(new KubeletConfig.Images(images, new RegistryClient(images, RegistryConfig.empty(),
                        images.platform(), RegistryClient.Timeouts.defaults())));
        kubelet = startKubelet(kubeletConfig);
        kubectl = new Kubectl(server.kubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
    }

    /** Stops the kubelet (its containers keep running), does {@code meanwhile}, and starts a new one on its root. */
    private static void restartKubelet(Runnable meanwhile) {
        kubelet.close();
        meanwhile.run();
        kubeletConfig = kubeletConfig.withRuntime(newRuntime());
        kubelet = startKubelet(kubeletConfig);
    }

    private static RuncRuntime newRuntime() {
        return new RuncRuntime(new RuncRuntime.Options(dir.resolve("kubelet/runc"), decision.runc(),
                decision.conmon(), network, images, "127.0.0.1", Clock.system(), new SecureRandom()));
    }

    private static Kubelet startKubelet(KubeletConfig config) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(clientConfig)
                .withOnlyHttpWatches(true).withRequestTimeout(30_000).build()).build();
        Kubelet started = Kubelet.start(config, client);
        try {
            assertThat(started.awaitConnected(DEADLINE)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return started;
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
        // What outlives the pods: the run's cgroup root (kubepods and its QoS groups) and the bridge.
        CgroupTree.system().removeTree("/skiff-test-" + RUN);
        try {
            new ProcessBuilder("ip", "link", "del", "skt" + RUN).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete the bridge skt" + RUN, e);
        }
    }

    private static Pod create(Pod pod) {
        return admin.pods().inNamespace("default").resource(pod).create();
    }

    private static Pod running(String name) {
        return await().atMost(DEADLINE).until(() -> admin.pods().inNamespace("default").withName(name).get(),
                p -> p != null && "Running".equals(p.getStatus().getPhase()));
    }

    @Test
    void containersOfAPodShareLocalhostAndAnEmptyDirAndSeeThePodNotTheHost() throws IOException {
        Path marker = Files.writeString(dir.resolve("host-marker"), "host only");
        create(new PodBuilder().withNewMetadata().withName("pair").endMetadata().withNewSpec()
                .withNodeName(NODE).withTerminationGracePeriodSeconds(1L)
                .addNewVolume().withName("shared").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewContainer().withName("server").withImage(IMAGE)
                .withCommand("sh", "-c", "echo served-over-localhost > /shared/index.html;"
                        + " exec httpd -f -p 8080 -h /shared")
                .addNewVolumeMount().withName("shared").withMountPath("/shared").endVolumeMount().endContainer()
                .addNewContainer().withName("client").withImage(IMAGE)
                .withCommand("sh", "-c", "hostname; test -e " + marker + " && echo host-visible || echo host-hidden;"
                        + " until timeout 2 wget -q -O - http://127.0.0.1:8080/index.html; do usleep 100000; done;"
                        + " exec sleep 3600")
                .addNewVolumeMount().withName("shared").withMountPath("/shared").endVolumeMount().endContainer()
                .endSpec().build());
        Pod pod = running("pair");

        await().atMost(DEADLINE).until(() -> kubectl.run("logs", "pair", "-c", "client").stdout()
                .contains("served-over-localhost"));
        assertThat(kubectl.succeed("logs", "pair", "-c", "client").lines())
                .containsExactly("pair", "host-hidden", "served-over-localhost");
        assertThat(pod.getStatus().getPodIP()).isNotEqualTo("127.0.0.1");
        assertThat(kubectl.succeed("exec", "pair", "-c", "server", "--", "cat", "/shared/index.html").stdout())
                .isEqualTo("served-over-localhost\n");
        // The image manager found the image in the store (pull policy IfNotPresent for a tag other than latest).
        assertThat(kubectl.succeed("get", "events", "--field-selector", "involvedObject.name=pair", "-o",
                "jsonpath={.items[*].message}").stdout()).contains("already present on machine");
    }

    @Test
    void thePodsMountedServiceAccountTokenAuthenticatesAsThePod() throws IOException {
        create(new PodBuilder().withNewMetadata().withName("in-cluster").endMetadata().withNewSpec()
                .withNodeName(NODE).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("app").withImage(IMAGE).withCommand("sleep", "3600").endContainer()
                .endSpec().build());
        running("in-cluster");
        String mount = "/var/run/secrets/kubernetes.io/serviceaccount/";

        String token = kubectl.succeed("exec", "in-cluster", "--", "cat", mount + "token").stdout();
        String ca = kubectl.succeed("exec", "in-cluster", "--", "cat", mount + "ca.crt").stdout();
        String namespace = kubectl.succeed("exec", "in-cluster", "--", "cat", mount + "namespace").stdout();
        String review = kubectl.succeed("create", "-o", "jsonpath={.status.authenticated} {.status.user.username} "
                + "{.status.user.extra.authentication\\.kubernetes\\.io/pod-name}", "-f",
                kubectl.file("review.yaml", """
                        apiVersion: authentication.k8s.io/v1
                        kind: TokenReview
                        spec:
                          token: %s
                        """.formatted(token))).stdout();

        assertThat(namespace).isEqualTo("default");
        assertThat(ca).isEqualTo(server.caCertificatePem());
        assertThat(review).isEqualTo("true system:serviceaccount:default:default [\"in-cluster\"]");
    }

    @Test
    void aContainerOverItsMemoryLimitEndsOomKilled() {
        create(new PodBuilder().withNewMetadata().withName("hog").endMetadata().withNewSpec()
                .withNodeName(NODE).withRestartPolicy("Never")
                .addNewContainer().withName("hog").withImage(IMAGE)
                .withCommand("sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done")
                .withNewResources().withLimits(Map.of("memory", new Quantity("16Mi"))).endResources()
                .endContainer().endSpec().build());

        Pod pod = await().atMost(DEADLINE).until(() -> admin.pods().inNamespace("default").withName("hog").get(),
                p -> p != null && "Failed".equals(p.getStatus().getPhase()));

        ContainerStatus status = pod.getStatus().getContainerStatuses().getFirst();
        assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(status.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    }

    @Test
    void aRestartedKubeletKeepsTheContainerAndItsRestartCount() {
        create(new PodBuilder().withNewMetadata().withName("steady").endMetadata().withNewSpec()
                .withNodeName(NODE).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("app").withImage(IMAGE)
                .withCommand("sh", "-c", "echo started >> /tmp/starts; exec sleep 3600").endContainer()
                .endSpec().build());
        ContainerStatus before = running("steady").getStatus().getContainerStatuses().getFirst();

        restartKubelet(() -> { });

        await().atMost(DEADLINE).untilAsserted(() -> {
            ContainerStatus after = admin.pods().inNamespace("default").withName("steady").get().getStatus()
                    .getContainerStatuses().getFirst();
            assertThat(after.getContainerID()).isEqualTo(before.getContainerID());
            assertThat(after.getRestartCount()).isEqualTo(before.getRestartCount());
            assertThat(after.getState().getRunning().getStartedAt())
                    .isEqualTo(before.getState().getRunning().getStartedAt());
        });
        assertThat(kubectl.succeed("exec", "steady", "--", "cat", "/tmp/starts").lines()).containsExactly("started");
    }

    @Test
    void aPodDeletedWhileTheKubeletWasDownIsCleanedUp() {
        Pod pod = create(new PodBuilder().withNewMetadata().withName("orphan").endMetadata().withNewSpec()
                .withNodeName(NODE).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("app").withImage(IMAGE).withCommand("sleep", "3600").endContainer()
                .endSpec().build());
        running("orphan");
        String uid = pod.getMetadata().getUid();

        restartKubelet(() -> {
            admin.pods().inNamespace("default").withName("orphan").withGracePeriod(0).delete();
            await().atMost(DEADLINE).until(() -> admin.pods().inNamespace("default").withName("orphan").get() == null);
        });

        await().atMost(DEADLINE).until(() -> !kubelet.runtime().sandboxes().contains(uid));
        assertThat(kubelet.runtime().podStatus(uid).running()).isEmpty();
        assertThat(network.attached()).doesNotContain(uid);
    }

    @Test
    void aPodResolvesWithClusterDnsAndItsHostsFileNamesItsFqdn() {
        create(new PodBuilder().withNewMetadata().withName("named").endMetadata().withNewSpec()
                .withNodeName(NODE).withTerminationGracePeriodSeconds(1L).withHostname("db-0").withSubdomain("db")
                .addNewHostAlias().withIp("192.0.2.7").withHostnames("legacy").endHostAlias()
                .addNewContainer().withName("app").withImage(IMAGE).withCommand("sleep", "3600").endContainer()
                .endSpec().build());
        Pod pod = running("named");

        assertThat(kubectl.succeed("exec", "named", "--", "cat", "/etc/resolv.conf").lines())
                .startsWith("search default.svc.cluster.local svc.cluster.local cluster.local")
                .contains("nameserver " + CLUSTER_DNS, "options ndots:5");
        assertThat(kubectl.succeed("exec", "named", "--", "cat", "/etc/hosts").lines())
                .contains(pod.getStatus().getPodIP() + "\tdb-0.db.default.svc.cluster.local\tdb-0",
                        "192.0.2.7\tlegacy");
        assertThat(kubectl.succeed("exec", "named", "--", "hostname").stdout()).isEqualTo("db-0\n");
    }
}
