package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.e2e.KubectlWatch;
import skiff.testing.SkiffExtension;

/**
 * {@code kubectl port-forward} to a process-runtime pod's server on loopback: kubectl 1.27-1.30 upgrade to SPDY/3.1,
 * 1.31+ tunnel SPDY in a WebSocket ({@code SPDY/3.1+portforward.k8s.io}). Traffic goes to loopback only.
 */
class KubectlPortForwardTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.30", "1.33"})
    void forwardsConnectionsToTheServerInThePod(String version) throws Exception {
        int podPort = freePort();
        String pod = "web-" + version.replace(".", "") + "-" + UUID.randomUUID().toString().substring(0, 6);
        Path site = Files.createDirectories(work.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello from " + pod + "\n");
        runningPod(pod, "exec busybox httpd -f -p 127.0.0.1:" + podPort + " -h " + site);
        await().atMost(DEADLINE).ignoreExceptions().until(() -> get(podPort).contains("hello from"));

        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);
        try (KubectlWatch forward = kubectl.watch("port-forward", "pod/" + pod, ":" + podPort)) {
            Matcher line = FORWARDING.matcher(forward.nextLine(DEADLINE));
            assertThat(line.find()).as(forward.output()).isTrue();
            assertThat(line.group(2)).isEqualTo(String.valueOf(podPort));
            int local = Integer.parseInt(line.group(1));

            assertThat(get(local)).startsWith("HTTP/1.").contains("hello from " + pod);
            assertThat(get(local)).contains("hello from " + pod);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void aPortNobodyListensOnClosesTheConnectionAndKubectlSaysWhy(String version) throws Exception {
        int closedPort = freePort();
        String pod = "idle-" + version.replace(".", "") + "-" + UUID.randomUUID().toString().substring(0, 6);
        runningPod(pod, "sleep 3600");

        Kubectl kubectl = Kubectl.version(version, skiff.server().kubeconfig(), work);
        try (KubectlWatch forward = kubectl.watch("port-forward", "pod/" + pod, ":" + closedPort)) {
            Matcher line = FORWARDING.matcher(forward.nextLine(DEADLINE));
            assertThat(line.find()).as(forward.output()).isTrue();
            int local = Integer.parseInt(line.group(1));

            try (Socket socket = new Socket("127.0.0.1", local)) {
                socket.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(forward.errors())
                    .contains("error forwarding port " + closedPort + " to pod " + pod));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void anUnknownPodIsNotFound(String version) {
        KubectlResult result = Kubectl.version(version, skiff.server().kubeconfig(), work)
                .run("port-forward", "pod/nope", "8080");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("pods \"nope\" not found");
    }

    private void runningPod(String name, String script) {
        KubernetesClient client = skiff.client();
        client.pods().inNamespace("default")
                .resource(TestPod.named(name, skiff.nodeName()).container("c", script).build()).create();
        await().atMost(DEADLINE).until(() -> {
            Pod p = client.pods().inNamespace("default").withName(name).get();
            return p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null;
        });
    }

    /** An HTTP/1.0 GET of / on a loopback port, the whole answer. */
    private static String get(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
