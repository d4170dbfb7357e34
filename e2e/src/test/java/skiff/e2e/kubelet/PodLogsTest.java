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
 * process runtime and on runc; and, read through them, the Services' variables the kubelet gives containers.
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

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void containersGetTheServicesVariablesUnlessServiceLinksAreOff(RuntimeKind runtime) {
        KubernetesClient client = on(runtime);
        String ns = "svcenv-" + runtime.name().toLowerCase(java.util.Locale.ROOT);
        kubectl.succeed("apply", "-f", kubectl.file(ns + ".yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %1$s
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web-front
                  namespace: %1$s
                spec:
                  selector:
                    app: none
                  ports:
                  - name: http
                    port: 8080
                    targetPort: 80
                """.formatted(ns)));
        var master = client.services().inNamespace("default").withName("kubernetes").get().getSpec();
        String web = client.services().inNamespace(ns).withName("web-front").get().getSpec().getClusterIP();
        String script = "echo $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT $KUBERNETES_PORT; "
                + "echo web=$WEB_FRONT_SERVICE_HOST:$WEB_FRONT_SERVICE_PORT_HTTP $WEB_FRONT_PORT_8080_TCP; "
                + "echo own=$OWN; sleep 3600";
        client.pods().inNamespace(ns).resource(TestPod.named("links", NODE).container(TestPod.shell("c", script)
                .addNewEnv().withName("OWN").withValue("$(WEB_FRONT_SERVICE_HOST)").endEnv()
                .addNewEnv().withName("KUBERNETES_SERVICE_PORT").withValue("6443").endEnv()).build()).create();
        Pod noLinks = TestPod.named("no-links", NODE).container("c", script).build();
        noLinks.getSpec().setEnableServiceLinks(false);
        client.pods().inNamespace(ns).resource(noLinks).create();

        assertThat(master.getPorts().get(0).getPort()).isEqualTo(443);
        String k8s = master.getClusterIP();
        // The container's own KUBERNETES_SERVICE_PORT wins; its OWN names a Service's variable.
        assertThat(awaitOutput(ns, "links")).isEqualTo(k8s + ":6443 tcp://" + k8s + ":443\n"
                + "web=" + web + ":8080 tcp://" + web + ":8080\nown=" + web + "\n");
        assertThat(awaitOutput(ns, "no-links")).isEqualTo(k8s + ":443 tcp://" + k8s + ":443\nweb=:\nown=\n");
    }

    private String awaitOutput(String namespace, String pod) {
        return await().atMost(DEADLINE).until(() -> kubectl.run("logs", "-n", namespace, pod),
                r -> r.succeeded() && r.stdout().contains("own=")).stdout();
    }
}
