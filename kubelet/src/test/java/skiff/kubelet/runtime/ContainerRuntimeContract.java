package skiff.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;

/**
 * What every {@link ContainerRuntime} must do, on real containers: run commands to their exit code, log their
 * output, stop them with the stop signal and then SIGKILL, keep volumes, exec. Subclasses say how to make one and
 * how a command runs in it.
 */
public abstract class ContainerRuntimeContract {
    private static final Duration EXIT = Duration.ofSeconds(20);

    @TempDir
    protected Path root;
    protected ContainerRuntime runtime;
    protected Sandbox sandbox;
    private final List<String> exits = new CopyOnWriteArrayList<>();

    /** A runtime keeping its state under {@code root}, memory volumes under {@code memoryRoot}. */
    protected abstract ContainerRuntime newRuntime(Path root, Path memoryRoot);

    /** The host path a container sees a volume at, through the runtime's own means. */
    protected abstract String volumePathInContainer(String volume);

    /** The sandbox config the runtime gets, from the tests' own: a runtime may need its own Linux settings. */
    protected SandboxConfig sandboxConfig(SandboxConfig config) {
        return config;
    }

    /** Where a container writes its termination message, as a shell word. */
    protected abstract String terminationMessagePath();

    /** Asserts that a {@code medium: Memory} emptyDir's host path is memory-backed. */
    protected abstract void assertMemoryBacked(Path volume, Path memoryRoot);

    @BeforeEach
    void createSandbox() {
        runtime = newRuntime(root.resolve("kubelet"), root.resolve("memory"));
        runtime.onContainerExit(exits::add);
        sandbox = runtime.createSandbox(sandboxConfig(new SandboxConfig("pod-1", "default", "web", "web-host", List.of(
                new VolumeConfig.EmptyDir("data", false, 0), new VolumeConfig.EmptyDir("fast", true, 0),
                new VolumeConfig.Files("cfg", "kubernetes.io~configmap", Map.of("color", "blue".getBytes()), 0644)))));
    }

    @AfterEach
    void stopEverything() {
        for (RuntimeContainer c : runtime.podStatus("pod-1").running()) {
            runtime.stopContainer(c.id(), Duration.ZERO);
        }
        runtime.close();
    }

    protected ContainerConfig config(String name, String script) {
        return config(name, 0, script, false);
    }

    protected ContainerConfig config(String name, int attempt, String script, boolean fallbackToLogs) {
        return new ContainerConfig("pod-1", name, attempt, "hash", "busybox", List.of("sh", "-c", script),
                List.of(), Map.of("GREETING", "hello"), "",
                List.of(new ContainerConfig.Mount("data", "/data", "", false),
                        new ContainerConfig.Mount("fast", "/fast", "", false),
                        new ContainerConfig.Mount("cfg", "/etc/cfg", "", true)),
                fallbackToLogs);
    }

    protected String start(ContainerConfig config) {
        StartResult result = runtime.startContainer(sandbox, config);
        assertThat(result).isInstanceOf(StartResult.Started.class);
        return ((StartResult.Started) result).containerId();
    }

    protected RuntimeContainer awaitExit(String id) {
        await().atMost(EXIT).until(() -> find(id).exited());
        return find(id);
    }

    protected RuntimeContainer find(String id) {
        return runtime.podStatus("pod-1").containers().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow();
    }

    /** The message of a CRI log line, full (F) or partial (P, a last line without a newline). */
    protected static String message(String line) {
        return line.replaceFirst("^\\S+ (stdout|stderr) [FP] ", "");
    }

    /** Whether a process a container started, by the PID it saw, is gone after the container stopped. */
    protected boolean processGone(long pidInContainer, String containerId) {
        return ProcessHandle.of(pidInContainer).map(h -> !h.isAlive()).orElse(true);
    }

    private Path data() {
        return sandbox.volumes().get("data");
    }

    @Test
    void aCommandRunsToItsExitCode() {
        RuntimeContainer ok = awaitExit(start(config("ok", "exit 0")));
        RuntimeContainer bad = awaitExit(start(config("bad", "exit 3")));

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.reason()).isEqualTo("Completed");
        assertThat(ok.startedAt()).isNotNull();
        assertThat(ok.finishedAt()).isAfterOrEqualTo(ok.startedAt());
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("Error");
        await().atMost(EXIT).until(() -> exits.size() == 2);
        assertThat(exits).containsOnly("pod-1");
    }

    @Test
    void aRunningContainerIsReportedRunning() {
        String id = start(config("app", "sleep 30"));

        RuntimeContainer c = find(id);

        assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(c.attempt()).isZero();
        assertThat(c.specHash()).isEqualTo("hash");
        assertThat(runtime.podStatus("pod-1").running()).extracting(RuntimeContainer::name).containsExactly("app");
    }

    @Test
    void containersSeeTheSandboxHostnameAsHOSTNAME() throws IOException {
        String id = start(config("app", "echo $HOSTNAME"));
        awaitExit(id);

        assertThat(Files.readAllLines(runtime.logPath(id).orElseThrow())).singleElement()
                .satisfies(l -> assertThat(l).endsWith(" stdout F web-host"));
    }

    @Test
    void stdoutAndStderrGoToTheLogAsTimestampedLines() throws IOException {
        String id = start(config("app", "echo out; echo err >&2; echo $GREETING"));
        awaitExit(id);

        List<String> lines = Files.readAllLines(runtime.logPath(id).orElseThrow());

        assertThat(lines).hasSize(3);
        // RFC 3339 with nanoseconds: Z or a numeric offset (conmon writes +00:00).
        assertThat(lines).allMatch(l -> l.matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d) (stdout|stderr) F .*"));
        assertThat(lines).anyMatch(l -> l.endsWith(" stdout F out")).anyMatch(l -> l.endsWith(" stderr F err"))
                .anyMatch(l -> l.endsWith(" stdout F hello"));
    }

    @Test
    void stopSendsTheStopSignalFirst() throws IOException {
        String id = start(config("app", "trap 'echo term > " + volumePathInContainer("data")
                + "/got; exit 7' TERM; echo ready > " + volumePathInContainer("data") + "/ready; while true; do sleep 0.1; done"));
        await().atMost(EXIT).until(() -> Files.exists(data().resolve("ready")));

        long started = Clock.system().nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(20));

        assertThat(Duration.ofNanos(Clock.system().nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(find(id).exitCode()).isEqualTo(7);
        assertThat(Files.readString(data().resolve("got"))).isEqualTo("term\n");
    }

    @Test
    void stopKillsWhatOutlivesTheGracePeriod() throws IOException {
        String id = start(config("app", "trap 'echo term >> " + volumePathInContainer("data")
                + "/got' TERM; echo ready > " + volumePathInContainer("data") + "/ready; while true; do sleep 0.1; done"));
        await().atMost(EXIT).until(() -> Files.exists(data().resolve("ready")));

        long started = Clock.system().nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(Clock.system().nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(8));
        assertThat(find(id).exitCode()).isEqualTo(137);
        assertThat(Files.readString(data().resolve("got"))).startsWith("term");
    }

    @Test
    void everyProcessOfTheContainerGoesWithIt() throws IOException {
        String id = start(config("app", "sleep 300 & echo $! > " + volumePathInContainer("data")
                + "/child; wait"));
        await().atMost(EXIT).until(() -> Files.exists(data().resolve("child"))
                && !Files.readString(data().resolve("child")).isBlank());
        long child = Long.parseLong(Files.readString(data().resolve("child")).trim());

        runtime.stopContainer(id, Duration.ofSeconds(5));

        await().atMost(EXIT).until(() -> processGone(child, id));
    }

    @Test
    void theTerminationMessageFileIsReadAtExit() {
        String id = start(config("app", "printf 'went wrong' > " + terminationMessagePath() + "; exit 1"));

        assertThat(awaitExit(id).message()).isEqualTo("went wrong");
    }

    @Test
    void fallbackToLogsOnErrorUsesTheLogTail() {
        String id = start(config("app", 0, "echo first; echo last words; exit 2", true));

        assertThat(awaitExit(id).message()).isEqualTo("first\nlast words\n");
    }

    @Test
    void volumesAreSharedBetweenContainers() throws IOException {
        awaitExit(start(config("writer", "echo shared > " + volumePathInContainer("data") + "/file; echo quick > "
                + volumePathInContainer("fast") + "/file")));
        String reader = start(config("reader", "cat " + volumePathInContainer("data") + "/file "
                + volumePathInContainer("fast") + "/file " + volumePathInContainer("cfg") + "/color"));
        awaitExit(reader);

        assertThat(Files.readAllLines(runtime.logPath(reader).orElseThrow()))
                .map(ContainerRuntimeContract::message).containsExactly("shared", "quick", "blue");
        assertMemoryBacked(sandbox.volumes().get("fast"), root.resolve("memory"));
    }

    @Test
    void execRunsBesideTheContainerAndIsCutOffAtItsTimeout() {
        String id = start(config("app", "sleep 30"));

        ExecResult ok = runtime.exec(id, List.of("sh", "-c", "echo $GREETING; exit 4"), Duration.ofSeconds(10));
        ExecResult slow = runtime.exec(id, List.of("sleep", "30"), Duration.ofMillis(300));

        assertThat(ok.exitCode()).isEqualTo(4);
        assertThat(ok.output()).isEqualTo("hello\n");
        assertThat(slow.timedOut()).isTrue();
    }

    @Test
    void streamingExecSeparatesOutputAndErrorsAndReturnsTheExitCode() throws Exception {
        String id = start(config("app", "sleep 30"));
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();

        int code = runtime.execStreaming(id, List.of("sh", "-c", "echo $GREETING; echo oops >&2; exit 3"),
                new ExecStreams(null, out, err, false, null));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).isEqualTo("hello\n");
        assertThat(err.toString()).isEqualTo("oops\n");
    }

    @Test
    void streamingExecReadsStdinUntilItEnds() throws Exception {
        String id = start(config("app", "sleep 30"));
        var out = new java.io.ByteArrayOutputStream();

        int code = runtime.execStreaming(id, List.of("cat"), new ExecStreams(
                new java.io.ByteArrayInputStream("one\ntwo\n".getBytes()), out, null, false, null));

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("one\ntwo\n");
    }

    @Test
    void streamingExecWithATerminalRunsOnAPseudoTerminalOfTheRequestedSize() throws Exception {
        String id = start(config("app", "sleep 30"));
        var out = new java.io.ByteArrayOutputStream();
        var sizes = new java.util.concurrent.LinkedBlockingQueue<TerminalSize>();
        sizes.add(new TerminalSize(100, 40));

        // The size arrives once the command runs, as kubectl sends it right after connecting: poll for it (under
        // runc the terminal can still be in the making for a moment, and stty then fails).
        int code = runtime.execStreaming(id, List.of("sh", "-c", "tty; for i in $(seq 200); do s=$(stty size 2>/dev/null); "
                        + "[ -n \"$s\" ] && [ \"$s\" != '0 0' ] && break; sleep 0.05; done; echo $s"),
                new ExecStreams(null, out, null, true, sizes));

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("/dev/pts/").contains("40 100");
    }

    @Test
    void streamingExecIntoAnExitedContainerIsRefused() {
        String id = start(config("app", "true"));
        awaitExit(id);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.execStreaming(id, List.of("true"),
                new ExecStreams(null, null, null, false, null))).isInstanceOf(IllegalStateException.class);
    }

    /** The container's config with {@code stdin: true}, and {@code stdinOnce} and {@code tty} as given. */
    protected static ContainerConfig withStdin(ContainerConfig c, boolean stdinOnce, boolean tty) {
        return new ContainerConfig(c.podUid(), c.name(), c.attempt(), c.specHash(), c.image(), c.command(), c.args(),
                c.env(), c.workingDir(), c.mounts(), c.fallbackToLogsOnError(), c.linux(), tty, true, stdinOnce,
                c.terminationMessagePath());
    }

    /** An attach running on its own thread, its output collected. */
    protected final class Attached implements AutoCloseable {
        public final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        public final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        public final java.io.PipedOutputStream input = new java.io.PipedOutputStream();
        public final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
        private final Thread thread;

        public Attached(String id, boolean stdin, boolean tty) throws IOException {
            java.io.InputStream in = stdin ? new java.io.PipedInputStream(input) : null;
            ExecStreams streams = new ExecStreams(in, out, tty ? null : err, tty,
                    new java.util.concurrent.LinkedBlockingQueue<>());
            thread = Thread.ofPlatform().start(() -> {
                try {
                    runtime.attach(id, streams);
                    ended.complete(null);
                } catch (InterruptedException | RuntimeException e) {
                    ended.completeExceptionally(e);
                }
            });
        }

        public String output() {
            synchronized (out) {
                return out.toString();
            }
        }

        public void send(String text) throws IOException {
            input.write(text.getBytes());
            input.flush();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(EXIT);
        }
    }

    @Test
    void attachSeesTheOutputFromThenOnEachOnItsStreamAndDetachingLeavesTheContainerRunning() throws Exception {
        String id = start(config("app", "i=0; while true; do echo tick $i; echo tock $i >&2; i=$((i+1)); "
                + "sleep 0.1; done"));

        try (Attached attached = new Attached(id, false, false)) {
            await().atMost(EXIT).until(() -> attached.output().contains("tick") && attached.err.toString()
                    .contains("tock"));
        }

        assertThat(find(id).running()).isTrue();
    }

    @Test
    void attachEndsWhenTheContainerExits() throws Exception {
        String id = start(config("app", "sleep 1; echo done"));

        try (Attached attached = new Attached(id, false, false)) {
            attached.ended.get(EXIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(attached.output()).isEqualTo("done\n");
        }
    }

    @Test
    void attachWritesToTheStdinOfAStdinContainerAndStdinOnceClosesItAfterward() throws Exception {
        String id = start(withStdin(config("app", "while read line; do echo got $line; done; echo stdin closed"),
                true, false));

        try (Attached attached = new Attached(id, true, false)) {
            attached.send("one\n");
            await().atMost(EXIT).until(() -> attached.output().contains("got one"));
            attached.input.close();
            attached.ended.get(EXIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(attached.output()).isEqualTo("got one\nstdin closed\n");
        }
        assertThat(awaitExit(id).exitCode()).isZero();
    }

    @Test
    void withoutStdinOnceTheEndOfInputDetachesAndStdinStaysOpenForTheNextAttach() throws Exception {
        String id = start(withStdin(config("app", "while read line; do echo got $line; done; echo stdin closed"),
                false, false));

        try (Attached first = new Attached(id, true, false)) {
            first.send("one\n");
            await().atMost(EXIT).until(() -> first.output().contains("got one"));
            first.input.close();
            first.ended.get(EXIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        try (Attached second = new Attached(id, true, false)) {
            second.send("two\n");
            await().atMost(EXIT).until(() -> second.output().contains("got two"));
        }
        assertThat(find(id).running()).isTrue();
    }

    @Test
    void attachingToAnExitedContainerIsRefused() {
        String id = start(config("app", "true"));
        awaitExit(id);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.attach(id,
                new ExecStreams(null, null, null, false, null))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aContainerWithoutACommandCannotStart() {
        ContainerConfig none = new ContainerConfig("pod-1", "app", 0, "hash", "busybox", List.of(), List.of(),
                Map.of(), "", List.of(), false);

        StartResult result = runtime.startContainer(sandbox, none);

        // k/k: the process runtime refuses the config; with an image that has no entrypoint or cmd, the CRI
        // runtime's "no command specified" is a CreateContainerError.
        assertThat(result).isInstanceOf(StartResult.Failed.class);
        assertThat(((StartResult.Failed) result).reason()).isIn("CreateContainerConfigError", "CreateContainerError");
    }

    @Test
    void removingAContainerForgetsItAndItsLog() {
        String id = start(config("app", "echo bye"));
        awaitExit(id);
        Path log = runtime.logPath(id).orElseThrow();

        runtime.removeContainer(id);

        assertThat(runtime.podStatus("pod-1").containers()).isEmpty();
        assertThat(log).doesNotExist();
    }

    @Test
    void removingTheSandboxDeletesItsVolumes() {
        awaitExit(start(config("app", "echo x > " + volumePathInContainer("fast") + "/f")));
        Path fast = sandbox.volumes().get("fast");

        runtime.removeSandbox("pod-1");

        assertThat(runtime.sandbox("pod-1")).isEmpty();
        assertThat(runtime.sandboxes()).isEmpty();
        assertThat(sandbox.directory()).doesNotExist();
        assertThat(fast).doesNotExist();
    }

    @Test
    void aSandboxSurvivesANewRuntimeOnTheSameRoot() {
        runtime.close();
        runtime = newRuntime(root.resolve("kubelet"), root.resolve("memory"));

        assertThat(runtime.sandboxes()).containsExactly("pod-1");
        assertThat(runtime.sandbox("pod-1").orElseThrow().volumes()).containsKeys("data", "fast", "cfg");
        assertThat(runtime.sandbox("pod-1").orElseThrow().hostname()).isEqualTo("web-host");
    }

    @Test
    void aFileVolumeUpdateIsSwappedInWhileTheContainerRunsAndAnUnchangedOneIsNotWritten() throws Exception {
        String cfg = volumePathInContainer("cfg");
        // One write per line: a monitor may log a line written in two parts as a partial (P) line and its rest.
        String id = start(config("app", "while [ \"$(cat " + cfg + "/color)\" != red ]; do sleep 0.05; done;"
                + " echo \"$(cat " + cfg + "/shape)\"; ls -a " + cfg + " | grep -c '^\\.\\.20'"));

        boolean changed = runtime.updateVolume("pod-1", new VolumeConfig.Files("cfg", "kubernetes.io~configmap",
                Map.of("color", "red".getBytes(), "shape", "round".getBytes()), 0644));

        assertThat(changed).isTrue();
        assertThat(awaitExit(id).exitCode()).isZero();
        // One generation: the first went when the second was swapped in.
        assertThat(Files.readAllLines(runtime.logPath(id).orElseThrow())).map(ContainerRuntimeContract::message)
                .containsExactly("round", "1");
        assertThat(runtime.updateVolume("pod-1", new VolumeConfig.Files("cfg", "kubernetes.io~configmap",
                Map.of("color", "red".getBytes(), "shape", "round".getBytes()), 0644))).isFalse();
    }
}
