package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.e2e.SkiffProcess;

/**
 * Static pods through the real {@code skiff server --pod-manifest-path} and the real kubectl: each manifest runs as a
 * pod of the server's node, mirrored into the API; the mirror cannot stop it, the manifest can.
 */
class StaticPodTest {
    static final String NODE = "static-node";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path base;

    static Path manifests;
    static Path work;
    static SkiffProcess server;
    static Kubectl kubectl;

    @BeforeAll
    static void startServer() throws IOException {
        manifests = Files.createDirectories(base.resolve("manifests"));
        work = Files.createDirectories(base.resolve("work"));
        server = SkiffProcess.start(base.resolve("data"),
                List.of("--node-name", NODE, "--pod-manifest-path", manifests.toString()));
        kubectl = server.kubectl(Files.createDirectories(base.resolve("kubectl")));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A pod whose one container appends {@code marker} to {@code WORK/NAME.out} five times a second. */
    static String manifest(Path work, String name, String marker) {
        String out = work.resolve(name + ".out").toString();
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {app: %s}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: app
                    image: busybox
                    command: ["sh", "-c", "while true; do echo %s >> %s; sleep 0.2; done"]
                """.formatted(name, name, marker, out);
    }

    /** Writes a manifest as an editor saves it: a hidden file moved into place. */
    static void writeManifest(Path manifests, String file, String content) throws IOException {
        Path hidden = manifests.resolve("." + file);
        Files.writeString(hidden, content);
        Files.move(hidden, manifests.resolve(file), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    static Optional<Pod> get(Kubectl kubectl, String name) {
        KubectlResult r = kubectl.run("get", "pod", name, "-n", "default", "-o", "json");
        if (!r.succeeded()) {
            assertThat(r.stderr()).contains("NotFound");
            return Optional.empty();
        }
        return Optional.of(Json.convert(Json.parse(r.stdout().getBytes(StandardCharsets.UTF_8)), Pod.class));
    }

    static Pod running(Kubectl kubectl, String name) {
        return await().atMost(DEADLINE).until(() -> get(kubectl, name).orElse(null),
                p -> p != null && "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty()
                        && p.getStatus().getContainerStatuses().getFirst().getState().getRunning() != null);
    }

    static ContainerStatus container(Pod pod) {
        return pod.getStatus().getContainerStatuses().getFirst();
    }

    /** Whether a process of this machine has {@code marker} on its command line. */
    static boolean processRuns(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker));
    }

    static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    @Test
    void aManifestRunsAsAPodWhoseMirrorTheApiShows() throws IOException {
        writeManifest(manifests, "web.yaml", manifest(work, "web", "web-v1"));

        Pod mirror = running(kubectl, "web-" + NODE);

        String hash = mirror.getMetadata().getAnnotations().get("kubernetes.io/config.hash");
        assertThat(hash).matches("[0-9a-f]{32}");
        assertThat(mirror.getMetadata().getAnnotations())
                .containsEntry("kubernetes.io/config.source", "file")
                .containsEntry("kubernetes.io/config.mirror", hash)
                .containsKey("kubernetes.io/config.seen");
        assertThat(mirror.getMetadata().getUid()).isNotEqualTo(hash);
        assertThat(mirror.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(mirror.getSpec().getNodeName()).isEqualTo(NODE);
        assertThat(mirror.getSpec().getServiceAccountName()).isNull();
        String nodeUid = kubectl.succeed("get", "node", NODE, "-o", "jsonpath={.metadata.uid}").stdout();
        OwnerReference owner = mirror.getMetadata().getOwnerReferences().getFirst();
        assertThat(List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()))
                .containsExactly("v1", "Node", NODE, nodeUid);
        assertThat(owner.getController()).isTrue();
        assertThat(container(mirror).getContainerID()).startsWith("process://");
        assertThat(kubectl.succeed("get", "pods", "-l", "app=web").stdout()).contains("web-" + NODE, "Running");
        // The kubelet runs the static pod, never its mirror as well.
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("web-v1")))
                .hasSize(1);
    }

    @Test
    void kubectlLogsOfTheMirrorReadsTheStaticPodsContainer() throws IOException {
        writeManifest(manifests, "talker.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: talker
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: app
                    image: busybox
                    command: ["sh", "-c", "echo talker-started; while true; do sleep 1; done"]
                """);
        running(kubectl, "talker-" + NODE);

        KubectlResult logs = kubectl.run("logs", "talker-" + NODE, "-n", "default");

        assertThat(logs.succeeded()).as(logs.stderr()).isTrue();
        assertThat(logs.stdout().strip()).isEqualTo("talker-started");
    }

    @Test
    void deletingTheMirrorLeavesThePodRunningAndTheMirrorComesBack() throws IOException {
        writeManifest(manifests, "keeper.yaml", manifest(work, "keeper", "keeper-v1"));
        Pod before = running(kubectl, "keeper-" + NODE);
        Path out = work.resolve("keeper.out");

        // --wait=false: kubectl's wait (1.32 cmd/wait IsDeleted) takes a new UID at its first GET as deleted, but a
        // mirror recreated between that GET and its LIST leaves it waiting for the new mirror to go.
        kubectl.succeed("delete", "pod", "keeper-" + NODE, "--wait=false");

        Pod after = await().atMost(DEADLINE).until(() -> get(kubectl, "keeper-" + NODE).orElse(null),
                p -> p != null && !p.getMetadata().getUid().equals(before.getMetadata().getUid())
                        && p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty());
        assertThat(after.getMetadata().getAnnotations().get("kubernetes.io/config.mirror"))
                .isEqualTo(before.getMetadata().getAnnotations().get("kubernetes.io/config.mirror"));
        assertThat(container(after).getContainerID()).isEqualTo(container(before).getContainerID());
        assertThat(container(after).getRestartCount()).isZero();
        assertThat(after.getStatus().getStartTime()).isEqualTo(before.getStatus().getStartTime());
        long written = lines(out);
        await().atMost(DEADLINE).until(() -> lines(out) > written);
    }

    @Test
    void anEditedManifestReplacesThePodAndItsMirror() throws IOException {
        writeManifest(manifests, "edited.yaml", manifest(work, "edited", "edited-v1"));
        Pod first = running(kubectl, "edited-" + NODE);

        writeManifest(manifests, "edited.yaml", manifest(work, "edited", "edited-v2"));

        Pod second = await().atMost(DEADLINE).until(() -> get(kubectl, "edited-" + NODE).orElse(null),
                p -> p != null && !p.getMetadata().getAnnotations().get("kubernetes.io/config.hash")
                        .equals(first.getMetadata().getAnnotations().get("kubernetes.io/config.hash"))
                        && "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty());
        assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        assertThat(container(second).getContainerID()).isNotEqualTo(container(first).getContainerID());
        assertThat(second.getSpec().getContainers().getFirst().getCommand().get(2)).contains("edited-v2");
        await().atMost(DEADLINE).until(() -> !processRuns("edited-v1"));
        assertThat(processRuns("edited-v2")).isTrue();
    }

    @Test
    void aRemovedManifestStopsThePodAndDeletesItsMirror() throws IOException {
        writeManifest(manifests, "gone.yaml", manifest(work, "gone", "gone-v1"));
        running(kubectl, "gone-" + NODE);
        assertThat(processRuns("gone-v1")).isTrue();

        Files.delete(manifests.resolve("gone.yaml"));

        await().atMost(DEADLINE).until(() -> get(kubectl, "gone-" + NODE).isEmpty());
        await().atMost(DEADLINE).until(() -> !processRuns("gone-v1"));
    }

    @Test
    void aBadManifestIsReportedAndTheOthersStillRun() throws IOException {
        writeManifest(manifests, "broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: broken}\nspec: {}\n");
        writeManifest(manifests, "sound.yaml", manifest(work, "sound", "sound-v1"));

        running(kubectl, "sound-" + NODE);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "events", "-n", "default",
                "--field-selector", "reason=FailedStaticPodManifest", "-o", "jsonpath={.items[*].message}").stdout())
                .contains("broken.yaml: invalid pod: spec.containers: Required value"));
        assertThat(get(kubectl, "broken-" + NODE)).isEmpty();
    }

    @Test
    void theMirrorAnnotationCannotBeChangedThroughTheApi() throws IOException {
        writeManifest(manifests, "pinned.yaml", manifest(work, "pinned", "pinned-v1"));
        running(kubectl, "pinned-" + NODE);

        KubectlResult r = kubectl.run("annotate", "pod", "pinned-" + NODE, "kubernetes.io/config.mirror=other",
                "--overwrite");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("metadata.annotations[kubernetes.io/config.mirror]: Forbidden: "
                + "may not remove or update mirror pod annotation");
    }
}
