package skiff.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.net.PrimaryIpv4;
import skiff.apiserver.service.ServiceNetwork;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.dns.ClusterDnsOptions;
import skiff.dns.ServiceRange;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.image.OciImageStore;
import skiff.image.testing.TestImages;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.proxy.HostCommand;
import skiff.kubelet.proxy.ProxyMode;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuntimeProbe;
import skiff.server.ProxyOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.testing.TestKubelets;

/**
 * A pod calls the API server as its ServiceAccount, as in-cluster clients do: with the token, {@code ca.crt} and
 * {@code namespace} of its {@code kube-api-access} volume, at {@code https://kubernetes.default.svc} (cluster DNS,
 * then the service proxy to the API server). One server with a runc kubelet whose node address is this machine's
 * primary IPv4 address, its cluster DNS there and the nftables proxy in a table of the run's own.
 *
 * <p>The in-pod client is the statically linked kubectl from this machine, mounted into a busybox container by a
 * {@code hostPath} volume. Not busybox's wget: its own TLS sends a TLS 1.2 ClientHello without
 * {@code signature_algorithms}, so RFC 5246 7.4.1.4.1 leaves the server SHA-1 to sign its ECDHE key with, which
 * the JDK (since 24, per RFC 9155) disables for handshake signatures; the handshake ends in internal_error (with
 * SHA-1 allowed again, busybox still fails on the server's next handshake messages). It would not check
 * {@code ca.crt} either; kubectl verifies the serving certificate against it.
 */
class InClusterAccessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String NODE = "incluster-node";
    private static final String NS = "incluster-" + RUN;
    private static final String IMAGE = "docker.io/library/busybox:incluster-test";
    /** What {@code kubectl exec} adds when the command in the container fails. */
    private static final String EXIT_1 = "command terminated with exit code 1\n";
    private static final String ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    // A /16 of 10.64.0.0/11 and a /24 of 10.200.0.0/13 picked per run: no other server's routes or pods.
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SERVICE_CIDR = "10." + (64 + RANDOM.nextInt(32)) + ".0.0/16";
    private static final int POD_NET = RANDOM.nextInt(8 * 256);
    private static final String POD_CIDR = "10." + (200 + POD_NET / 256) + "." + (POD_NET % 256) + ".0/24";
    @TempDir
    static Path dir;
    private static SkiffServer server;
    private static KubernetesClient admin;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        try {
            HostCommand.here().run(null, "nft", "list", "tables");
        } catch (HostCommand.CommandException e) {
            Assumptions.abort("needs nftables: " + e.getMessage());
        }
        PrimaryIpv4 primary = PrimaryIpv4.ofThisMachine();
        // Pods reach cluster DNS and the API server on this address, so it must be one they can route to.
        Assumptions.assumeTrue(primary.source() != PrimaryIpv4.Source.LOOPBACK, "no global IPv4 address");
        String nodeIp = primary.hostAddress();
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o
                .withKubelet(TestKubelets.runc(NODE, RUN).withNodeIp(nodeIp).withProxy(new ProxyOptions(
                        ProxyMode.NFTABLES, POD_CIDR, SERVICE_CIDR, "skiff-e2e-" + RUN)))
                .withNodeIpam(new NodeIpamOptions(true, POD_CIDR, 24))
                .withServiceNetwork(ServiceNetwork.of(SERVICE_CIDR, "30000-32767"))
                .withDns(ClusterDnsOptions.defaults().withClusterDnsIp(ServiceRange.tenthAddress(SERVICE_CIDR))
                        .withListen(nodeIp, 0).withUpstreams(List.of())));
        TestImages.busybox().build().putInto(OciImageStore.open(OciImageStore.inDataDir(server.dataDir())), IMAGE);
        admin = server.newClient();
        kubectl = Kubectl.version("1.33", server.kubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
        kubectl.succeed("create", "namespace", NS);
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        try {
            // runc containers outlive their server: delete every pod and wait for the kubelet to confirm each.
            await().atMost(DEADLINE).until(() -> {
                admin.pods().inNamespace(NS).list().getItems().forEach(p -> admin.pods().inNamespace(NS).resource(p)
                        .withGracePeriod(0).delete());
                return server.kubelet().orElseThrow().runtime().sandboxes().isEmpty();
            });
        } finally {
            admin.close();
            server.close();
            CgroupTree.system().removeTree("/skiff-test-" + RUN);
            new ProcessBuilder("ip", "link", "del", "skt" + RUN).inheritIO().start().waitFor();
            CniPodNetwork.removeMasquerade("skt" + RUN);
        }
    }

    /** The kubectl binary of this machine that runs the tests, which is statically linked. */
    private static String hostKubectl() {
        try {
            return Path.of(kubectl.command().getFirst()).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pod podOf(String name, String account) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withServiceAccountName(account).withTerminationGracePeriodSeconds(1L)
                .addNewVolume().withName("kubectl").withNewHostPath().withPath(hostKubectl()).withType("File")
                .endHostPath().endVolume()
                .addNewContainer().withName("app").withImage(IMAGE).withCommand("sleep", "3600")
                .addNewVolumeMount().withName("kubectl").withMountPath("/bin/kubectl").withReadOnly(true)
                .endVolumeMount().endContainer().endSpec().build();
    }

    private static boolean ready(String pod) {
        Pod p = admin.pods().inNamespace(NS).withName(pod).get();
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Runs {@code kubectl args} inside {@code pod} as its ServiceAccount, from its mounted files alone. With flags
     * rather than kubectl's in-cluster configuration, which needs {@code KUBERNETES_SERVICE_HOST} and
     * {@code KUBERNETES_SERVICE_PORT}: Skiff's kubelet does not give containers Services' variables yet.
     */
    private static KubectlResult inPod(String pod, String args) {
        return kubectl.run("exec", "-n", NS, pod, "--", "sh", "-c", "kubectl --server=https://kubernetes.default.svc"
                + " --certificate-authority=" + ACCOUNT_DIR + "/ca.crt --token=\"$(cat " + ACCOUNT_DIR + "/token)\""
                + " --namespace=\"$(cat " + ACCOUNT_DIR + "/namespace)\" " + args);
    }

    @Test
    void aPodListsPodsWithItsTokenWhileARoleBindingGrantsItAndIsRefusedAfter() {
        kubectl.succeed("create", "serviceaccount", "lister", "-n", NS);
        kubectl.succeed("create", "role", "pod-lister", "--verb=list", "--resource=pods", "-n", NS);
        kubectl.succeed("create", "rolebinding", "lister-pods", "--role=pod-lister", "--serviceaccount=" + NS
                + ":lister", "-n", NS);
        admin.pods().inNamespace(NS).resource(podOf("lister", "lister")).create();
        await().atMost(DEADLINE).until(() -> ready("lister"));

        List<String> files = kubectl.succeed("exec", "-n", NS, "lister", "--", "ls", ACCOUNT_DIR).lines();
        String namespace = kubectl.succeed("exec", "-n", NS, "lister", "--", "cat", ACCOUNT_DIR + "/namespace")
                .stdout();
        String ca = kubectl.succeed("exec", "-n", NS, "lister", "--", "cat", ACCOUNT_DIR + "/ca.crt").stdout();
        KubectlResult listed = inPod("lister", "get pods -o name");
        KubectlResult whoami = inPod("lister", "auth whoami -o jsonpath='{.status.userInfo.username} "
                + "{.status.userInfo.extra.authentication\\.kubernetes\\.io/pod-name[0]}'");
        KubectlResult elsewhere = inPod("lister", "get pods -n default");
        KubectlResult get = inPod("lister", "get pod lister");

        assertThat(files).containsExactlyInAnyOrder("ca.crt", "namespace", "token");
        assertThat(namespace).isEqualTo(NS);
        assertThat(ca).isEqualTo(server.caCertificatePem());
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.stdout()).isEqualTo("pod/lister\n");
        assertThat(whoami.stdout()).isEqualTo("system:serviceaccount:" + NS + ":lister lister");
        assertThat(elsewhere.stderr()).isEqualTo("Error from server (Forbidden): pods is forbidden: User \"system:"
                + "serviceaccount:" + NS + ":lister\" cannot list resource \"pods\" in API group \"\" in the "
                + "namespace \"default\"\n" + EXIT_1);
        assertThat(get.stderr()).isEqualTo("Error from server (Forbidden): pods \"lister\" is forbidden: User "
                + "\"system:serviceaccount:" + NS + ":lister\" cannot get resource \"pods\" in API group \"\" in "
                + "the namespace \"" + NS + "\"\n" + EXIT_1);

        kubectl.succeed("delete", "rolebinding", "lister-pods", "-n", NS);
        KubectlResult refused = await().atMost(DEADLINE).until(() -> inPod("lister", "get pods -o name"),
                r -> !r.succeeded());

        assertThat(refused.stderr()).isEqualTo("Error from server (Forbidden): pods is forbidden: User \"system:"
                + "serviceaccount:" + NS + ":lister\" cannot list resource \"pods\" in API group \"\" in the "
                + "namespace \"" + NS + "\"\n" + EXIT_1);
    }
}
