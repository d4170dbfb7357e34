package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.testing.SkiffExtension;

/**
 * {@code kubectl exec} from every installed kubectl that matters for its protocol: 1.27 to 1.29 speak SPDY/3.1
 * (translated by the API server to the kubelet's channel protocol), 1.33 the v5.channel.k8s.io WebSocket; and
 * {@code kubectl attach} to a process container's own stdio over the same protocols.
 */
class KubectlVersionsExecTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String POD = "versions";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @TempDir
    Path work;

    @BeforeEach
    void runningPod(KubernetesClient client) {
        if (client.pods().inNamespace("default").withName(POD).get() == null) {
            client.pods().inNamespace("default")
                    .resource(TestPod.named(POD, skiff.nodeName()).container("c", "sleep 3600").build()).create();
        }
        await().atMost(DEADLINE).until(() -> {
            Pod p = client.pods().inNamespace("default").withName(POD).get();
            return p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null;
        });
    }

    private Kubectl kubectl(String version) {
        return Kubectl.version(version, skiff.server().kubeconfig(), work);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.28", "1.29", "1.33"})
    void execSeparatesOutputFromErrorsAndExitsWithTheCommandsCode(String version) {
        Kubectl kubectl = kubectl(version);

        KubectlResult failed = kubectl.run("exec", POD, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        KubectlResult succeeded = kubectl.run("exec", POD, "--", "echo", "fine");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(3);
        assertThat(failed.stdout()).isEqualTo("out\n");
        assertThat(failed.stderr()).startsWith("err\n").contains("command terminated with exit code 3");
        assertThat(succeeded.exitCode()).as(succeeded.toString()).isZero();
        assertThat(succeeded.stdout()).isEqualTo("fine\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.28", "1.29", "1.33"})
    void execWithStdinPassesTheInputThroughAndItsEndReachesTheCommand(String version) {
        String input = "hello\n" + "x".repeat(200_000) + "\nworld\n";

        KubectlResult result = kubectl(version).runWithInput(input, "exec", "-i", POD, "--", "sh", "-c",
                "cat; echo done");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo(input + "done\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.28", "1.29", "1.33"})
    void execWithATerminalRunsOnAPseudoTerminal(String version) throws Exception {
        Kubectl kubectl = kubectl(version);
        String line = kubectl.command("exec", "-it", POD, "--", "sh", "-c", "tty; exit 4").stream()
                .map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));

        // kubectl only asks for a TTY when its own stdin is a terminal: script gives it one.
        Process process = kubectl.start(List.of("script", "-q", "-e", "-c", line, "/dev/null"), Map.of());
        process.getOutputStream().close();
        assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).contains("/dev/pts/");
        assertThat(process.exitValue()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void attachShowsARunningContainersOutputAndFeedsTheStdinOfAStdinOnceContainer(String version) {
        KubernetesClient client = skiff.client();
        String ticker = "ticker-" + version.replace(".", "");
        String echo = "echo-" + version.replace(".", "");
        client.pods().inNamespace("default").resource(TestPod.named(ticker, skiff.nodeName())
                .container("c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").build()).create();
        client.pods().inNamespace("default").resource(TestPod.named(echo, skiff.nodeName()).restartPolicy("Never")
                .container(TestPod.shell("c", "while read line; do echo got $line; done; echo bye").withStdin(true)
                        .withStdinOnce(true)).build()).create();
        awaitRunning(client, ticker);
        awaitRunning(client, echo);
        Kubectl kubectl = kubectl(version);

        try (var attach = kubectl.watch("attach", ticker)) {
            assertThat(attach.nextLine(DEADLINE)).matches("tick \\d+");
        }
        KubectlResult input = kubectl.runWithInput("hello\n", "attach", "-i", echo);

        assertThat(input.exitCode()).as(input.toString()).isZero();
        assertThat(input.stdout()).isEqualTo("got hello\nbye\n");
        // stdinOnce: the end of the input closed the container's stdin, and it finished.
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace("default").withName(echo).get().getStatus()
                .getPhase().equals("Succeeded"));
    }

    private static void awaitRunning(KubernetesClient client, String name) {
        await().atMost(DEADLINE).until(() -> {
            Pod p = client.pods().inNamespace("default").withName(name).get();
            return p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void execIntoAnUnknownContainerGetsTheStatusThatSaysWhy(String version) {
        KubectlResult result = kubectl(version).run("exec", POD, "-c", "nope", "--", "true");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("container nope is not valid for pod " + POD);
    }
}
