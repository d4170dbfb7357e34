package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.e2e.KubectlWatch;
import skiff.server.KubeletOptions.RuntimeKind;

/**
 * {@code kubectl logs} through the API server's pods/log, served by the kubelet from the container's CRI log, on the
 * process runtime and on runc.
 */
class PodLogsTest {
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

    private static void create(KubernetesClient client, TestPod pod) {
        client.pods().inNamespace("default").resource(pod.build()).create();
    }

    private static void awaitContainer(KubernetesClient client, String pod, Predicate<ContainerStatus> state) {
        await().atMost(DEADLINE).until(() -> {
            Pod p = client.pods().inNamespace("default").withName(pod).get();
            return p.getStatus().getContainerStatuses() != null
                    && p.getStatus().getContainerStatuses().stream().anyMatch(state);
        });
    }

    private String awaitLogs(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "logs";
        System.arraycopy(args, 0, full, 1, args.length);
        return await().atMost(DEADLINE).until(() -> kubectl.run(full), r -> r.succeeded()
                && r.stdout().contains("line-5")).stdout();
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void logsShowTheContainersOutputWithTailLimitSinceAndTimestamps(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        create(client, TestPod.named("printer", NODE)
                .container("c", "for i in 1 2 3 4 5; do echo line-$i; done; sleep 3600"));

        assertThat(awaitLogs("printer")).isEqualTo("line-1\nline-2\nline-3\nline-4\nline-5\n");
        assertThat(kubectl.succeed("logs", "printer", "--tail=2").stdout()).isEqualTo("line-4\nline-5\n");
        assertThat(kubectl.succeed("logs", "printer", "--limit-bytes=8").stdout()).isEqualTo("line-1\nl");
        assertThat(kubectl.succeed("logs", "printer", "--since=1h").stdout()).contains("line-1", "line-5");
        assertThat(kubectl.succeed("logs", "printer", "--since-time=2099-01-01T00:00:00Z").stdout()).isEmpty();
        assertThat(kubectl.succeed("logs", "printer", "--timestamps", "--tail=1").stdout())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z line-5\n");
    }

    @Test
    void previousWithoutAnEarlierAttemptIsABadRequest() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        create(client, TestPod.named("once", NODE)
                .container("c", "for i in 1 2 3 4 5; do echo line-$i; done; sleep 3600"));
        awaitLogs("once");

        KubectlResult previous = kubectl.run("logs", "once", "--previous");

        assertThat(previous.exitCode()).isEqualTo(1);
        assertThat(previous.stderr()).contains(
                "Error from server (BadRequest): previous terminated container \"c\" in pod \"once\" not found");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void previousShowsTheAttemptBeforeARestart(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        String seen = TestPod.volume("data") + "/seen";
        create(client, TestPod.named("restarts", NODE).emptyDir("data")
                .container("c", "if [ ! -f " + seen + " ]; then touch " + seen + "; "
                        + "echo first; exit 1; fi; echo second; sleep 3600"));
        awaitContainer(client, "restarts", s -> s.getRestartCount() == 1 && s.getState().getRunning() != null);

        assertThat(await().atMost(DEADLINE).until(() -> kubectl.run("logs", "restarts"),
                r -> r.stdout().contains("second")).stdout()).isEqualTo("second\n");
        assertThat(kubectl.succeed("logs", "restarts", "--previous").stdout()).isEqualTo("first\n");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void followPrintsLinesAsTheyComeAndEndsWhenTheContainerExits(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        create(client, TestPod.named("ticker", NODE).restartPolicy("Never")
                .container("c", "sleep 1; for i in 1 2 3; do echo tick-$i; sleep 1; done"));
        awaitContainer(client, "ticker", s -> s.getState().getRunning() != null);

        try (KubectlWatch follow = kubectl.watch("logs", "-f", "ticker")) {
            assertThat(follow.nextLine(DEADLINE)).isEqualTo("tick-1");
            assertThat(follow.nextLine(DEADLINE)).isEqualTo("tick-2");
            assertThat(follow.nextLine(DEADLINE)).isEqualTo("tick-3");
            assertThat(follow.awaitExit(DEADLINE)).isZero();
        }
    }

    @Test
    void aContainerIsChosenByNameAndAMissingChoiceIsABadRequest() {
        KubernetesClient client = on(RuntimeKind.PROCESS);
        create(client, TestPod.named("pair", NODE)
                .container("a", "echo from-a; sleep 3600").container("b", "echo from-b; sleep 3600"));
        await().atMost(DEADLINE).until(() -> kubectl.run("logs", "pair", "-c", "b").stdout(), "from-b\n"::equals);

        assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/pair/log?container=nope").stderr())
                .contains("Error from server (BadRequest): container nope is not valid for pod pair");
        assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/pair/log").stderr())
                .contains("a container name must be specified for pod pair, choose one of: [a b]");
    }

    @Test
    void aContainerThatCannotStartIsWaitingToStart() {
        // The process runtime has no image to take a command from.
        KubernetesClient client = on(RuntimeKind.PROCESS);
        client.pods().inNamespace("default").resource(TestPod.named("stuck", NODE)
                .container(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("c")
                        .withImage("busybox")).build()).create();
        awaitContainer(client, "stuck", s -> s.getState().getWaiting() != null
                && "CreateContainerConfigError".equals(s.getState().getWaiting().getReason()));

        assertThat(kubectl.run("logs", "stuck").stderr()).contains("Error from server (BadRequest): container \"c\" "
                + "in pod \"stuck\" is waiting to start: CreateContainerConfigError");
    }
}
