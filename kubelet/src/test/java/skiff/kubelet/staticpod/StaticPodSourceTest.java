package skiff.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.FakeClock;

class StaticPodSourceTest {
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(START);
    private final Recorder recorder = new Recorder();

    /** What the source told its listener, in order. */
    private static final class Recorder implements StaticPodSource.Listener {
        final List<String> changes = new CopyOnWriteArrayList<>();

        @Override
        public void added(Pod pod) {
            changes.add("added " + pod.getMetadata().getName() + " " + pod.getMetadata().getUid());
        }

        @Override
        public void removed(Pod pod) {
            changes.add("removed " + pod.getMetadata().getName() + " " + pod.getMetadata().getUid());
        }

        @Override
        public void invalid(Path file, String problem) {
            changes.add("invalid " + file.getFileName());
        }

        List<String> take() {
            List<String> taken = List.copyOf(changes);
            changes.clear();
            return taken;
        }
    }

    private static String manifest(String name, String command) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  containers: [{name: app, image: busybox, command: ["sh", "-c", "%s"]}]
                """.formatted(name, command);
    }

    /** Writes a manifest the way an editor saves it: a hidden file renamed into place. */
    private Path write(String file, String content) throws IOException {
        Path hidden = dir.resolve("." + file + ".tmp");
        Files.writeString(hidden, content);
        return Files.move(hidden, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private StaticPodSource source(Path directory) {
        return new StaticPodSource(directory, "n1", clock, recorder);
    }

    private String uid(StaticPodSource source, String name) {
        return source.pods().stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow()
                .getMetadata().getUid();
    }

    @Test
    void everyManifestIsAPodButDotFilesAndDirectoriesAreNot() throws IOException {
        write("a.yaml", manifest("a", "sleep 1"));
        write("b.json", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"},
                 "spec": {"containers": [{"name": "app", "image": "busybox"}]}}
                """);
        Files.writeString(dir.resolve(".hidden.yaml"), manifest("hidden", "sleep 1"));
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/c.yaml"), manifest("c", "sleep 1"));
        StaticPodSource source = source(dir);

        source.rescan();

        assertThat(source.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("a-n1", "b-n1");
        assertThat(recorder.take()).containsExactly("added a-n1 " + uid(source, "a-n1"),
                "added b-n1 " + uid(source, "b-n1"));
    }

    @Test
    void aBadManifestIsReportedOnceAndSkippedWhileTheOthersRun() throws IOException {
        write("bad.yaml", "kind: [");
        write("good.yaml", manifest("good", "sleep 1"));
        StaticPodSource source = source(dir);

        source.rescan();
        source.rescan();

        assertThat(recorder.take()).containsExactly("invalid bad.yaml", "added good-n1 " + uid(source, "good-n1"));
        write("bad.yaml", manifest("fixed", "sleep 1"));
        source.rescan();
        assertThat(recorder.take()).containsExactly("added fixed-n1 " + uid(source, "fixed-n1"));
    }

    @Test
    void anEditedManifestIsAnotherPodAndARemovedOneIsGone() throws IOException {
        Path file = write("web.yaml", manifest("web", "sleep 1"));
        StaticPodSource source = source(dir);
        source.rescan();
        String first = uid(source, "web-n1");
        recorder.take();

        write("web.yaml", manifest("web", "sleep 2"));
        source.rescan();
        String second = uid(source, "web-n1");

        assertThat(second).isNotEqualTo(first);
        assertThat(recorder.take()).containsExactly("removed web-n1 " + first, "added web-n1 " + second);
        Files.delete(file);
        source.rescan();
        assertThat(recorder.take()).containsExactly("removed web-n1 " + second);
        assertThat(source.pods()).isEmpty();
    }

    @Test
    void anUnchangedManifestKeepsItsPodAndTheTimeItWasFirstSeen() throws IOException {
        write("web.yaml", manifest("web", "sleep 1"));
        StaticPodSource source = source(dir);
        source.rescan();
        clock.advance(Duration.ofMinutes(1));

        source.rescan();

        assertThat(recorder.take()).hasSize(1);
        assertThat(source.pods().getFirst().getMetadata().getAnnotations())
                .containsEntry(ConfigAnnotations.SEEN, START.toString());
    }

    @Test
    void twoManifestsOfOnePodNameRunTheFirstOnly() throws IOException {
        write("a.yaml", manifest("web", "sleep 1"));
        write("b.yaml", manifest("web", "sleep 2"));
        StaticPodSource source = source(dir);

        source.rescan();

        assertThat(source.pods()).hasSize(1);
        assertThat(recorder.take()).containsExactly("invalid b.yaml", "added web-n1 " + uid(source, "web-n1"));
    }

    @Test
    void aDirectoryThatAppearsLaterIsRead() throws IOException {
        Path later = dir.resolve("manifests");
        StaticPodSource source = source(later);
        source.rescan();
        assertThat(source.pods()).isEmpty();

        Files.createDirectory(later);
        Files.writeString(later.resolve("web.yaml"), manifest("web", "sleep 1"));
        source.rescan();

        assertThat(source.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-n1");
    }

    // The re-list comes every 20 s; a change is noticed through the directory watch well before that.
    @Test
    void aStartedSourceFollowsTheDirectory() throws IOException {
        try (StaticPodSource source = source(dir)) {
            source.start();
            Path file = write("web.yaml", manifest("web", "sleep 1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> source.pods().size() == 1);

            Files.delete(file);
            await().atMost(Duration.ofSeconds(10)).until(() -> source.pods().isEmpty());
        }
    }
}
