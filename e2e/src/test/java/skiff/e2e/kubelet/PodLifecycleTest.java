package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.api.time.Clock;
import skiff.server.KubeletOptions.RuntimeKind;

/**
 * Pods bound to the server's own node, on the process runtime (host processes) and on runc (containers from an
 * image): they run, complete, crash-loop, initialize in order, get probed and stop gracefully when deleted.
 */
class PodLifecycleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NODE = RuntimeServers.NODE;

    @RegisterExtension
    static final RuntimeServers servers = new RuntimeServers();

    @TempDir
    Path host;

    private static Pod create(KubernetesClient client, TestPod pod) {
        return client.pods().inNamespace("default").resource(pod.build()).create();
    }

    private static Pod get(KubernetesClient client, String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    private static ContainerStatus container(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst();
    }

    private static boolean hasContainerStatus(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && !pod.getStatus().getContainerStatuses().isEmpty();
    }

    private static void delete(KubernetesClient client, String name) {
        client.pods().inNamespace("default").withName(name).delete();
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aLongRunningPodIsRunningAndReady(RuntimeKind runtime) {
        KubernetesClient client = servers.client(runtime);
        create(client, TestPod.named("sleeper", NODE).container("app", "exec sleep 3600"));

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod pod = get(client, "sleeper");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(condition(pod, "Ready").map(PodCondition::getStatus)).contains("True");
        });
        Pod pod = get(client, "sleeper");
        assertThat(container(pod).getReady()).isTrue();
        assertThat(container(pod).getStarted()).isTrue();
        assertThat(container(pod).getState().getRunning().getStartedAt()).isNotBlank();
        // The node's address: 127.0.0.1 for host processes, the machine's primary address under runc.
        assertThat(pod.getStatus().getHostIP()).isEqualTo(client.nodes().withName(NODE).get().getStatus()
                .getAddresses().stream().filter(a -> a.getType().equals("InternalIP")).findFirst().orElseThrow()
                .getAddress());
        if (runtime == RuntimeKind.PROCESS) {
            assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
        }
        if (runtime == RuntimeKind.PROCESS) {
            assertThat(container(pod).getContainerID()).startsWith("process://");
            assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
        } else {
            assertThat(container(pod).getContainerID()).startsWith("runc://");
            // An address of the node's pod CIDR (a /24 here), on the pod's own network namespace.
            String podCidr = client.nodes().withName(NODE).get().getSpec().getPodCIDR();
            assertThat(pod.getStatus().getPodIP()).startsWith(podCidr.substring(0, podCidr.lastIndexOf('.') + 1));
        }
        assertThat(pod.getStatus().getStartTime()).isNotBlank();
        assertThat(condition(pod, "PodScheduled").map(PodCondition::getStatus)).contains("True");
        assertThat(condition(pod, "Initialized").map(PodCondition::getStatus)).contains("True");
        assertThat(condition(pod, "PodReadyToStartContainers").map(PodCondition::getStatus)).contains("True");
        delete(client, "sleeper");
    }

    @Test
    void theKubeletsFilesAreReadableOnlyByTheirOwner() throws Exception {
        KubernetesClient client = servers.client(RuntimeKind.PROCESS);
        Pod created = create(client, TestPod.named("private", NODE).emptyDir("scratch")
                .container("app", "echo secret; exec sleep 3600"));
        await().atMost(DEADLINE).until(() -> "Running".equals(get(client, "private").getStatus().getPhase()));
        Path kubelet = servers.server(RuntimeKind.PROCESS).dataDir().resolve("kubelet");
        Path pod = kubelet.resolve("pods").resolve(created.getMetadata().getUid());
        await().atMost(DEADLINE).until(() -> Files.exists(pod.resolve("logs/app/0.log")));

        List<Path> kept = new ArrayList<>(List.of(kubelet, kubelet.resolve("pods")));
        for (Path tree : List.of(kubelet.resolve("pki"), pod)) {
            try (Stream<Path> paths = Files.walk(tree)) {
                paths.filter(p -> !Files.isSymbolicLink(p)).forEach(kept::add);
            }
        }
        assertThat(kept).contains(pod.resolve("logs/app/0.log"), kubelet.resolve("pki/kubelet.key"),
                kubelet.resolve("pki/kubelet.crt"), pod.resolve("volumes/kubernetes.io~empty-dir/scratch"));
        for (Path p : kept) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(mode).as("directory %s", p).isEqualTo("rwx------");
            } else if (!kubelet.relativize(p).toString().contains("/volumes/")) {
                // What containers write into their volumes is theirs; the volume directories above are private.
                assertThat(mode).as("file %s", p).isEqualTo("rw-------");
            }
        }
        delete(client, "private");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aPodThatExitsZeroUnderNeverSucceeds(RuntimeKind runtime) {
        KubernetesClient client = servers.client(runtime);
        create(client, TestPod.named("once", NODE).restartPolicy("Never").container("app", "echo done"));

        await().atMost(DEADLINE).until(() -> "Succeeded".equals(get(client, "once").getStatus().getPhase()));
        ContainerStatus app = container(get(client, "once"));
        assertThat(app.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(app.getState().getTerminated().getExitCode()).isZero();
        assertThat(app.getRestartCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aFailingContainerCrashLoopsWithGrowingRestartCount(RuntimeKind runtime) {
        KubernetesClient client = servers.client(runtime);
        create(client, TestPod.named("crasher", NODE).container("app", "echo oops; exit 1"));

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod pod = get(client, "crasher");
            assertThat(hasContainerStatus(pod)).isTrue();
            ContainerStatus app = container(pod);
            assertThat(app.getRestartCount()).isGreaterThanOrEqualTo(1);
            assertThat(app.getState().getWaiting()).isNotNull();
            assertThat(app.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(1);
            assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Error");
        });
        await().atMost(DEADLINE).until(() -> container(get(client, "crasher")).getRestartCount() >= 2);
        assertThat(get(client, "crasher").getStatus().getPhase()).isEqualTo("Running");
        delete(client, "crasher");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void initContainersRunInOrderBeforeTheApp(RuntimeKind runtime) {
        KubernetesClient client = servers.client(runtime);
        String order = TestPod.volume("work") + "/order";
        create(client, TestPod.named("ordered", NODE).emptyDir("work")
                .init("first", "echo first >> " + order)
                .init("second", "echo second >> " + order)
                .container("app", "echo app >> " + order + "; cat " + order + "; exec sleep 3600"));

        await().atMost(DEADLINE).until(() -> "Running".equals(get(client, "ordered").getStatus().getPhase()));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.pods().inNamespace("default")
                .withName("ordered").inContainer("app").getLog()).isEqualTo("first\nsecond\napp\n"));
        Pod pod = get(client, "ordered");
        assertThat(pod.getStatus().getInitContainerStatuses()).extracting(s -> s.getState().getTerminated()
                .getReason()).containsExactly("Completed", "Completed");
        assertThat(condition(pod, "Initialized").map(PodCondition::getStatus)).contains("True");
        delete(client, "ordered");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aDeletedPodGetsTheStopSignalThenIsKilledAfterItsGracePeriod(RuntimeKind runtime) throws Exception {
        KubernetesClient client = servers.client(runtime);
        String out = TestPod.volume("out");
        // The container ignores SIGTERM (it notes it) and appends a line to "beat" every 0.2 s until it is killed.
        create(client, TestPod.named("stubborn", NODE).gracePeriod(5).hostPath("out", host.toString())
                .container("app", "trap 'echo TERM >> " + out + "/signals' TERM;"
                        + " while true; do echo . >> " + out + "/beat; sleep 0.2; done"));
        Path beat = host.resolve("beat");
        await().atMost(DEADLINE).until(() -> Files.exists(beat)
                && "Running".equals(get(client, "stubborn").getStatus().getPhase()));
        Clock clock = Clock.system();

        long deletedAt = clock.nanoTime();
        delete(client, "stubborn");
        // The kubelet confirms the deletion once the container is dead.
        await().atMost(Duration.ofSeconds(30)).until(() -> get(client, "stubborn") == null);
        Duration lived = Duration.ofNanos(clock.nanoTime() - deletedAt);

        assertThat(host.resolve("signals")).content().startsWith("TERM");
        // Killed only once the 5 s grace period was over, and within it plus the 2 s extension and a margin.
        assertThat(lived).isGreaterThanOrEqualTo(Duration.ofMillis(4500)).isLessThan(Duration.ofSeconds(12));
        long size = Files.size(beat);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Files.size(beat) == size);
    }

    @Test
    void aPodWithoutACommandWaitsWithAnEvent() {
        // The process runtime has no image to take a command from.
        KubernetesClient client = servers.client(RuntimeKind.PROCESS);
        create(client, TestPod.named("imageonly", NODE).container(
                new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage("nginx")));

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod pod = get(client, "imageonly");
            assertThat(hasContainerStatus(pod)).isTrue();
            assertThat(container(pod).getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
        });
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
                .getItems()).filteredOn(e -> "imageonly".equals(e.getInvolvedObject().getName()))
                .extracting(Event::getReason).contains("Failed"));
        delete(client, "imageonly");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aContainerWithArgsButNoCommandRunsItsArgs(RuntimeKind runtime) {
        // What "kubectl run x --image=busybox -- sleep 3600" creates (the test image has no entrypoint).
        KubernetesClient client = servers.client(runtime);
        create(client, TestPod.named("argsonly", NODE).container(
                new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage(TestPod.IMAGE)
                        .withArgs("sleep", "3600")));

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod pod = get(client, "argsonly");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(container(pod).getState().getRunning()).isNotNull();
            assertThat(container(pod).getRestartCount()).isZero();
        });
        delete(client, "argsonly");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aReadinessProbeHoldsReadyBackUntilItPasses(RuntimeKind runtime) throws Exception {
        KubernetesClient client = servers.client(runtime);
        create(client, TestPod.named("gated", NODE).hostPath("flag", host.toString())
                .container(TestPod.shell("app", "exec sleep 3600").withNewReadinessProbe().withNewExec()
                        .withCommand("sh", "-c", "test -f " + TestPod.volume("flag") + "/ready").endExec()
                        .withPeriodSeconds(1).endReadinessProbe()));

        await().atMost(DEADLINE).until(() -> {
            Pod pod = get(client, "gated");
            return hasContainerStatus(pod) && container(pod).getState().getRunning() != null;
        });
        Pod running = get(client, "gated");
        assertThat(container(running).getReady()).isFalse();
        assertThat(condition(running, "Ready").map(PodCondition::getStatus)).contains("False");

        Files.writeString(host.resolve("ready"), "yes");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(condition(get(client, "gated"), "Ready")
                .map(PodCondition::getStatus)).contains("True"));
        delete(client, "gated");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aStartupProbeHoldsStartedAndReadyBackUntilItPasses(RuntimeKind runtime) throws Exception {
        KubernetesClient client = servers.client(runtime);
        create(client, TestPod.named("warming", NODE).hostPath("flag", host.toString())
                .container(TestPod.shell("app", "exec sleep 3600").withNewStartupProbe().withNewExec()
                        .withCommand("sh", "-c", "test -f " + TestPod.volume("flag") + "/started").endExec()
                        .withPeriodSeconds(1).withFailureThreshold(600).endStartupProbe()));

        await().atMost(DEADLINE).until(() -> {
            Pod pod = get(client, "warming");
            return hasContainerStatus(pod) && container(pod).getState().getRunning() != null;
        });
        Pod running = get(client, "warming");
        assertThat(container(running).getStarted()).isFalse();
        assertThat(container(running).getReady()).isFalse();
        assertThat(condition(running, "Ready").map(PodCondition::getStatus)).contains("False");

        Files.writeString(host.resolve("started"), "yes");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(condition(get(client, "warming"), "Ready")
                .map(PodCondition::getStatus)).contains("True"));
        Pod ready = get(client, "warming");
        assertThat(container(ready).getStarted()).isTrue();
        assertThat(container(ready).getReady()).isTrue();
        assertThat(container(ready).getRestartCount()).isZero();
        delete(client, "warming");
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aContainerFailingItsLivenessProbeIsRestarted(RuntimeKind runtime) {
        KubernetesClient client = servers.client(runtime);
        // A short grace period: sleep as a runc container's PID 1 ignores the SIGTERM that precedes the restart.
        create(client, TestPod.named("unhealthy", NODE).gracePeriod(1).container(TestPod.shell("app", "exec sleep 3600")
                .withNewLivenessProbe().withNewExec().withCommand("false").endExec().withPeriodSeconds(1)
                .withFailureThreshold(1).endLivenessProbe()));

        await().atMost(DEADLINE).until(() -> {
            Pod pod = get(client, "unhealthy");
            return hasContainerStatus(pod) && container(pod).getRestartCount() >= 1;
        });
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .filteredOn(e -> "unhealthy".equals(e.getInvolvedObject().getName()))
                .extracting(Event::getReason).contains("Unhealthy", "Killing");
        delete(client, "unhealthy");
    }

    @Test
    void anEditedConfigMapReachesTheRunningPodsVolume() {
        // runc: RuncPodSharingTest.
        KubernetesClient client = servers.client(RuntimeKind.PROCESS);
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("palette").endMetadata().addToData("color", "blue").build()).create();
        Path seen = host.resolve("seen");
        create(client, TestPod.named("reader", NODE).configMap("cfg", "palette").gracePeriod(1)
                .container("app", "while true; do cat $SKIFF_VOLUME_CFG/color > " + seen + ".tmp && mv " + seen
                        + ".tmp " + seen + "; sleep 0.2; done"));
        await().atMost(DEADLINE).until(() -> Files.exists(seen) && Files.readString(seen).equals("blue"));

        client.configMaps().inNamespace("default").withName("palette")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("color", "green").build());

        // Seen at the pod's next periodic sync, as in Kubernetes (the kubelet's sync period).
        await().atMost(DEADLINE).until(() -> Files.readString(seen).equals("green"));
        delete(client, "reader");
    }
}
