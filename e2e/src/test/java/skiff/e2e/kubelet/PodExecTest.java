package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.server.KubeletOptions.RuntimeKind;
import skiff.server.SkiffServer;

/**
 * {@code kubectl exec} over the v5.channel.k8s.io WebSocket, bridged by the API server to the kubelet, into host
 * processes (the process runtime) and into runc containers; what the API server checks of a {@code pods/attach}
 * request before it reaches the kubelet.
 */
class PodExecTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NODE = RuntimeServers.NODE;

    @RegisterExtension
    static final RuntimeServers servers = new RuntimeServers();

    @TempDir
    Path work;

    private Kubectl kubectl;

    /** The client of the runtime's server; {@link #kubectl} then talks to that server too. */
    private KubernetesClient on(RuntimeKind runtime) {
        kubectl = new Kubectl(servers.server(runtime).kubeconfig(), work);
        return servers.client(runtime);
    }

    private static void createRunning(KubernetesClient client, TestPod pod, String name) {
        client.pods().inNamespace("default").resource(pod.build()).create();
        await().atMost(DEADLINE).until(() -> {
            Pod p = client.pods().inNamespace("default").withName(name).get();
            return p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().stream().allMatch(s -> s.getState().getRunning() != null);
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void execSeparatesOutputFromErrorsAndExitsWithTheCommandsCode(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        createRunning(client, TestPod.named("shell", NODE).container("c", "sleep 3600"), "shell");

        KubectlResult result = kubectl.run("exec", "shell", "--", "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).startsWith("err\n").contains("command terminated with exit code 3");
        assertThat(kubectl.run("exec", "shell", "--", "true").exitCode()).isZero();
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void execWithStdinPassesTheInputThrough(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        createRunning(client, TestPod.named("cat", NODE).container("c", "sleep 3600"), "cat");

        KubectlResult result = kubectl.runWithInput("hello\nworld\n", "exec", "-i", "cat", "--", "cat");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("hello\nworld\n");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void execWithATerminalRunsOnAPseudoTerminal(RuntimeKind runtime) throws Exception {
        KubernetesClient client = on(runtime);
        createRunning(client, TestPod.named("term", NODE).container("c", "sleep 3600"), "term");
        String line = kubectl.command("exec", "-it", "term", "--", "readlink", "/proc/self/fd/0").stream()
                .map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));

        // kubectl only asks for a TTY when its own stdin is a terminal: script gives it one.
        Process process = kubectl.start(List.of("script", "-q", "-e", "-c", line, "/dev/null"), Map.of());
        process.getOutputStream().close();
        assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String output = read(process);

        assertThat(output).contains("/dev/pts/");
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void stdinSentAsTextMessagesReachesTheCommand() throws Exception {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        SkiffServer server = servers.server(RuntimeKind.PROCESS);
        createRunning(client, TestPod.named("echo", NODE).container("c", "sleep 3600"), "echo");
        String url = server.url().replaceFirst("^https", "wss") + "/api/v1/namespaces/default/pods/echo/exec"
                + "?command=sh&command=-c&command=read+line%3B+echo+got+%24line&stdin=true&stdout=true";
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(
                            server.caCertificatePem()))));
            ClientWebSocket socket = sockets.webSocket();
            socket.binaryMessageHandler(message -> received.add(message.getBytes()));
            socket.connect(new WebSocketConnectOptions().setAbsoluteURI(url)
                    .setSubProtocols(List.of("v5.channel.k8s.io"))
                    .putHeader("Authorization", "Bearer " + server.adminToken()))
                    .await(20, TimeUnit.SECONDS);

            // As the Python client writes a str: one text message, the channel byte (stdin, 0) first.
            socket.writeTextMessage("\u0000hello\n").await(20, TimeUnit.SECONDS);

            byte[] output = received.poll(20, TimeUnit.SECONDS);
            assertThat(output).isNotNull();
            assertThat(output[0]).isEqualTo((byte) 1);
            assertThat(new String(output, 1, output.length - 1, StandardCharsets.UTF_8)).isEqualTo("got hello\n");
        } finally {
            vertx.close().await(20, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void execSeesTheFilesOfAVolumeSharedWithAnotherContainer(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        String file = TestPod.volume("data") + "/file";
        createRunning(client, TestPod.named("shared", NODE).emptyDir("data")
                .container("writer", "echo from-writer > " + file + "; sleep 3600")
                .container("reader", "sleep 3600"), "shared");

        assertThat(await().atMost(DEADLINE).until(() -> kubectl.run("exec", "shared", "-c", "reader", "--", "sh",
                "-c", "cat " + file), KubectlResult::succeeded).stdout()).isEqualTo("from-writer\n");
    }

    @Test
    void execIntoAnUnknownContainerIsABadRequest() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        createRunning(client, TestPod.named("lonely", NODE).container("c", "sleep 3600"), "lonely");

        KubectlResult result = kubectl.run("exec", "lonely", "-c", "nope", "--", "true");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("container nope is not valid for pod lonely");
    }

    // k/k 1.32 kubelet_pods.go GetExec/GetAttach: a container the runtime is not running is "container not found",
    // a 500 the API server hands on unchanged (upgradeaware.go), which kubectl prints after its SPDY fallback.
    @Test
    void execAndAttachIntoAContainerThatIsNotRunningPrintKubeletsRefusal() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        client.pods().inNamespace("default").resource(TestPod.named("initializing", NODE).init("setup", "sleep 3600")
                .container("app", "sleep 3600").build()).create();
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace("default").withName("initializing").get()
                .getStatus().getInitContainerStatuses().stream().anyMatch(s -> s.getState().getRunning() != null));

        KubectlResult exec = kubectl.run("exec", "initializing", "-c", "app", "--", "true");
        KubectlResult attach = kubectl.run("attach", "initializing", "-c", "app");

        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).isEqualTo("error: unable to upgrade connection: container not found (\"app\")\n");
        assertThat(attach.exitCode()).isEqualTo(1);
        assertThat(attach.stderr()).endsWith("error: unable to upgrade connection: container not found (\"app\")\n");
    }

    @Test
    void execIntoACrashLoopingContainerPrintsKubeletsRefusal() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        client.pods().inNamespace("default").resource(TestPod.named("crashing", NODE).container("c", "exit 1")
                .build()).create();
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace("default").withName("crashing").get()
                .getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason())));

        KubectlResult exec = kubectl.run("exec", "crashing", "--", "true");

        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).isEqualTo("error: unable to upgrade connection: container not found (\"c\")\n");
    }

    // kubectl's own check (k/k 1.32 staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go Run), on the phase the kubelet
    // reported.
    @Test
    void execIntoACompletedPodIsRefusedByKubectl() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        client.pods().inNamespace("default").resource(TestPod.named("done", NODE).restartPolicy("Never")
                .container("c", "true").build()).create();
        await().atMost(DEADLINE).until(() -> "Succeeded".equals(client.pods().inNamespace("default")
                .withName("done").get().getStatus().getPhase()));

        KubectlResult exec = kubectl.run("exec", "done", "--", "true");

        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).isEqualTo(
                "error: cannot exec into a container in a completed pod; current phase is Succeeded\n");
    }

    // k/k 1.32 pkg/registry/core/pod/strategy.go streamLocation: no node, no kubelet to ask.
    @Test
    void execIntoAPodNotYetScheduledIsABadRequest() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        Pod pod = TestPod.named("unplaced", NODE).container("c", "sleep 3600").build();
        pod.getSpec().setNodeName(null);
        pod.getSpec().setNodeSelector(Map.of("skiff.test/no-such-node", "true"));
        client.pods().inNamespace("default").resource(pod).create();

        KubectlResult exec = kubectl.run("exec", "unplaced", "--", "true");

        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).isEqualTo("Error from server (BadRequest): pod unplaced does not have a host assigned\n");
    }

    @Test
    void attachIsListedInDiscoveryAndOneWithoutAnyStreamIsABadRequest() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        createRunning(client, TestPod.named("quiet", NODE).container("c", "sleep 3600"), "quiet");

        String resources = kubectl.succeed("get", "--raw", "/api/v1").stdout();
        KubectlResult noStreams = kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/quiet/attach");

        assertThat(resources).contains("\"name\":\"pods/attach\"");
        assertThat(noStreams.exitCode()).isNotZero();
        assertThat(noStreams.stderr()).contains("(BadRequest)")
                .contains("you must specify at least 1 of stdin, stdout, stderr");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
