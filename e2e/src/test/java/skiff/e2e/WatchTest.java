package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kubectl get -w}: the list first, then one row per change as it happens. */
class WatchTest {
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--disable-controllers", "scheduler");

    @Test
    void getPodsWatchPrintsTheListThenARowForEachAddLabelAndDelete(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "watched");
        kubectl.succeed("create", "-n", "watched", "-f", kubectl.file("first.yaml", pod("first")));

        try (KubectlWatch watch = kubectl.watch("get", "pods", "-n", "watched", "-w")) {
            assertThat(KubectlTable.cells(watch.nextLine(LINE_TIMEOUT)))
                    .containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
            assertRow(watch.nextLine(LINE_TIMEOUT), "first");

            kubectl.succeed("create", "-n", "watched", "-f", kubectl.file("second.yaml", pod("second")));
            assertRow(watch.nextLine(LINE_TIMEOUT), "second");

            kubectl.succeed("label", "pod", "first", "-n", "watched", "color=red");
            assertRow(watch.nextLine(LINE_TIMEOUT), "first");

            kubectl.succeed("delete", "pod", "second", "-n", "watched");
            // k/k registry store.go Delete: even a pod deleted at once is first written with its deletionTimestamp
            // (MODIFIED, Terminating), then removed (DELETED, its last state: Terminating too).
            assertRow(watch.nextLine(LINE_TIMEOUT), "second", "Terminating");
            assertRow(watch.nextLine(LINE_TIMEOUT), "second", "Terminating");
        }
    }

    @Test
    void outputWatchEventsNamesEachEventType(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "events");
        kubectl.succeed("create", "-n", "events", "-f", kubectl.file("first.yaml", pod("first")));

        try (KubectlWatch watch = kubectl.watch("get", "pods", "-n", "events", "-w", "--output-watch-events")) {
            assertThat(KubectlTable.cells(watch.nextLine(LINE_TIMEOUT)))
                    .containsExactly("EVENT", "NAME", "READY", "STATUS", "RESTARTS", "AGE");
            assertEventRow(watch.nextLine(LINE_TIMEOUT), "ADDED", "first");

            kubectl.succeed("create", "-n", "events", "-f", kubectl.file("second.yaml", pod("second")));
            assertEventRow(watch.nextLine(LINE_TIMEOUT), "ADDED", "second");

            kubectl.succeed("label", "pod", "second", "-n", "events", "color=blue");
            assertEventRow(watch.nextLine(LINE_TIMEOUT), "MODIFIED", "second");

            kubectl.succeed("delete", "pod", "first", "-n", "events");
            assertEventRow(watch.nextLine(LINE_TIMEOUT), "MODIFIED", "first", "Terminating");
            assertEventRow(watch.nextLine(LINE_TIMEOUT), "DELETED", "first", "Terminating");
        }
    }

    @Test
    void aWatchWithALabelSelectorShowsOnlyMatchingObjects(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "filtered");

        try (KubectlWatch watch = kubectl.watch("get", "configmaps", "-n", "filtered", "-w",
                "--output-watch-events", "-l", "team=blue")) {
            kubectl.succeed("create", "-n", "filtered", "-f", kubectl.file("maps.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: red, labels: {team: red}}
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: blue, labels: {team: blue}}
                    """));

            assertThat(KubectlTable.cells(watch.nextLine(LINE_TIMEOUT)))
                    .containsExactly("EVENT", "NAME", "DATA", "AGE");
            assertThat(KubectlTable.cells(watch.nextLine(LINE_TIMEOUT)).subList(0, 3))
                    .containsExactly("ADDED", "blue", "0");
            kubectl.succeed("label", "configmap", "red", "-n", "filtered", "team=blue", "--overwrite");
            assertThat(KubectlTable.cells(watch.nextLine(LINE_TIMEOUT)).subList(0, 3))
                    .as("red entered the selection").containsExactly("ADDED", "red", "0");
        }
    }

    private static void assertRow(String line, String name) {
        assertRow(line, name, "Pending");
    }

    private static void assertRow(String line, String name, String status) {
        List<String> cells = KubectlTable.cells(line);
        assertThat(cells).as(line).hasSize(5);
        assertThat(cells.subList(0, 4)).as(line).containsExactly(name, "0/1", status, "0");
    }

    private static void assertEventRow(String line, String event, String name) {
        assertEventRow(line, event, name, "Pending");
    }

    private static void assertEventRow(String line, String event, String name, String status) {
        List<String> cells = KubectlTable.cells(line);
        assertThat(cells).as(line).hasSize(6);
        assertThat(cells.subList(0, 5)).as(line).containsExactly(event, name, "0/1", status, "0");
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  containers:
                  - {name: main, image: busybox}
                """.formatted(name);
    }
}
