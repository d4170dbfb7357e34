package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.image.ImageConfig;
import skiff.image.ImageReference;
import skiff.image.ImageStore;
import skiff.image.StoredImage;
import skiff.kubelet.PrivateFiles;
import skiff.kubelet.network.PodEtcFiles;
import skiff.kubelet.network.PodNetwork;
import skiff.kubelet.runtime.AttachSession;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.ExecResult;
import skiff.kubelet.runtime.ExecStreams;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.StartResult;
import skiff.kubelet.runtime.VolumeConfig;
import skiff.kubelet.runtime.process.ContainerLog;
import skiff.kubelet.runtime.process.StreamingExec;
import skiff.kubelet.stats.CgroupUsage;
import skiff.kubelet.stats.ResourceUsage;
import skiff.kubelet.volume.VolumeFiles;

/**
 * Runs containers from OCI images with runc, each under a conmon monitor that outlives Skiff ({@link Conmon}): a
 * per-pod sandbox ({@link RuncSandboxes}), an overlay root filesystem per container over the image's shared layers,
 * and a record of every attempt beside it, so that a runtime started again on the same root adopts the containers
 * still running (with their original start times) and learns the exits of those that ended meanwhile from their
 * monitors' exit files.
 *
 * <pre>
 * ROOT/state                        runc --root
 * ROOT/exits/ID                     conmon's exit files
 * ROOT/pods/UID/sandbox.json, etc-hosts, resolv.conf, hostname, volumes/PLUGIN/NAME
 * ROOT/pods/UID/containers/NAME/ATTEMPT/{container.json, config.json, rootfs, upper, work, termination-log}
 * ROOT/pods/UID/logs/NAME/ATTEMPT.log
 * </pre>
 */
public final class RuncRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(RuncRuntime.class);
    private static final String RECORD = "container.json";
    private static final String TERMINATION_LOG = "/dev/termination-log";
    // k/k pkg/kubelet/container/runtime.go: a termination message is cut to 4 KiB; the log fallback keeps the last
    // 80 lines and at most 2 KiB.
    private static final int MAX_MESSAGE_BYTES = 4096;
    private static final int FALLBACK_LINES = 80;
    private static final int FALLBACK_BYTES = 2048;
    private static final int MAX_EXEC_OUTPUT = 10 * 1024;
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    /**
     * How the runtime is set up.
     *
     * @param root the runtime's own directory
     * @param network the pods' network, null to give every pod the host's
     * @param hostIp the pod IP of host-network pods
     */
    public record Options(Path root, Path runc, Path conmon, PodNetwork network,
            ImageStore images, String hostIp, Clock clock, RandomGenerator random) {}

    /**
     * What is kept of an attempt besides its {@link RuntimeContainer}: how to reach its cgroup and stop it, and
     * whether its stdin closes after the first attach.
     */
    record Attempt(RuntimeContainer container, String cgroupsPath, String stopSignal, boolean stdinOnce) {}

    private static final class Entry {
        final Path dir;
        final String cgroupsPath;
        final String stopSignal;
        final boolean stdinOnce;
        final CompletableFuture<Void> exited = new CompletableFuture<>();
        volatile RuntimeContainer snapshot;

        Entry(Path dir, Attempt a) {
            this.dir = dir;
            this.cgroupsPath = a.cgroupsPath();
            this.stopSignal = a.stopSignal();
            this.stdinOnce = a.stdinOnce();
            this.snapshot = a.container();
            if (a.container().exited()) {
                exited.complete(null);
            }
        }

        String id() {
            return snapshot.id();
        }
    }

    private final Options options;
    private final RuncCli runc;
    private final RuncSandboxes sandboxes;
    private final CgroupTree cgroups = CgroupTree.system();
    private final Path exits;
    private final Path sockets;
    private final Map<String, Entry> containers = new ConcurrentHashMap<>();
    private final List<Consumer<String>> exitListeners = new CopyOnWriteArrayList<>();
    private final WatchService watcher;
    private final Thread watch;
    private final String version;

    public RuncRuntime(Options options) {
        this.options = options;
        Path root = options.root().toAbsolutePath();
        this.runc = new RuncCli(options.runc(), root.resolve("state"));
        this.sandboxes = new RuncSandboxes(root.resolve("pods"), options.network(), options.hostIp(),
                options.clock());
        this.exits = root.resolve("exits");
        this.sockets = root.resolve("sockets");
        try {
            PrivateFiles.restrict(PrivateFiles.directories(root));
            PrivateFiles.directories(root.resolve("state"));
            PrivateFiles.directories(exits);
            PrivateFiles.directories(sockets);
            this.watcher = FileSystems.getDefault().newWatchService();
            exits.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the runtime's directory " + root, e);
        }
        this.version = RuncCli.version(options.runc()).orElse("unknown");
        restore();
        this.watch = Thread.ofPlatform().daemon().name("runc-exits").start(this::watchExits);
    }

    /** Takes back the attempts a previous runtime recorded: running ones adopted, ended ones with their exits. */
    private void restore() {
        for (Path file : recordFiles()) {
            Attempt attempt;
            try {
                attempt = Json.mapper().readValue(Files.readAllBytes(file), Attempt.class);
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping the unreadable container record {}", file, e);
                continue;
            }
            Entry entry = new Entry(file.getParent(), attempt);
            containers.put(entry.id(), entry);
            if (entry.snapshot.exited()) {
                continue;
            }
            if (Files.exists(exits.resolve(entry.id()))) {
                finish(entry);
                continue;
            }
            Optional<String> status = runc.status(entry.id());
            if (status.isPresent() && status.get().equals("running")) {
                LOG.info("adopted running container pod={} container={} attempt={} id={}", entry.snapshot.podUid(),
                        entry.snapshot.name(), entry.snapshot.attempt(), entry.id());
                continue;
            }
            // containerd internal/cri/server/restart.go loadContainer: a container whose state is lost is reported
            // exited with code 255 and reason Unknown; a container only created never ran its process.
            runc.delete(entry.id());
            lost(entry, "Unknown", status.map(s -> "the container was " + s + " when its runtime restarted")
                    .orElse("the container's monitor is gone"));
        }
    }

    private List<Path> recordFiles() {
        Path pods = options.root().toAbsolutePath().resolve("pods");
        if (!Files.isDirectory(pods)) {
            return List.of();
        }
        try (Stream<Path> files = Files.find(pods, 5, (p, a) -> p.getFileName().toString().equals(RECORD))) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + pods + " for container records", e);
        }
    }

    @Override
    public String type() {
        return "runc";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Sandbox createSandbox(SandboxConfig config) {
        Optional<Sandbox> existing = sandboxes.find(config.podUid());
        return existing.orElseGet(() -> sandboxes.create(config));
    }

    @Override
    public Optional<Sandbox> sandbox(String podUid) {
        return sandboxes.find(podUid);
    }

    @Override
    public boolean updateVolume(String podUid, VolumeConfig.Files volume) throws IOException {
        return sandboxes.update(podUid, volume);
    }

    @Override
    public void removeSandbox(String podUid) {
        Optional<RuncSandboxes.Record> record = sandboxes.record(podUid);
        for (Entry entry : List.copyOf(containers.values())) {
            if (entry.snapshot.podUid().equals(podUid)) {
                if (entry.snapshot.running()) {
                    stopContainer(entry.id(), Duration.ZERO);
                }
                containers.remove(entry.id());
                HostMounts.unmountAll(entry.dir);
                deleteQuietly(exits.resolve(entry.id()));
            }
        }
        sandboxes.remove(podUid);
        record.ifPresent(r -> cgroups.removeTree(r.linux().cgroupParent()));
    }

    @Override
    public List<String> sandboxes() {
        return sandboxes.list();
    }

    @Override
    public StartResult startContainer(Sandbox sandbox, ContainerConfig config) {
        StoredImage image;
        try {
            Optional<StoredImage> found = options.images().image(ImageReference.parse(config.image()));
            if (found.isEmpty()) {
                return new StartResult.Failed("CreateContainerError", "image " + config.image()
                        + " is not present on the node");
            }
            image = found.get();
        } catch (IllegalArgumentException e) {
            return new StartResult.Failed("InvalidImageName", e.getMessage());
        }
        Optional<RuncSandboxes.Record> record = sandboxes.record(config.podUid());
        if (record.isEmpty()) {
            return new StartResult.Failed("CreateContainerError", "pod " + config.podUid() + " has no sandbox");
        }
        String id = newId();
        Path dir = sandbox.directory().resolve("containers").resolve(config.name())
                .resolve(Integer.toString(config.attempt()));
        Path log = sandbox.directory().resolve("logs").resolve(config.name()).resolve(config.attempt() + ".log");
        SandboxConfig sandboxConfig = record.get().config();
        String cgroupsPath = sandboxConfig.linux().cgroupParent() + "/" + id;
        ImageConfig imageConfig = image.config();
        Path rootfs = dir.resolve("rootfs");
        try {
            if (Files.exists(dir)) {
                // A start of this attempt that failed before: nothing of it runs.
                HostMounts.unmountAll(dir);
                VolumeFiles.deleteTree(dir);
            }
            PrivateFiles.directories(dir);
            PrivateFiles.directories(log.getParent());
            for (String sub : List.of("upper", "work", "rootfs")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Path terminationLog = dir.resolve("termination-log");
            Files.writeString(terminationLog, "");
            Files.setPosixFilePermissions(terminationLog, VolumeFiles.permissions(0666));
            Files.writeString(dir.resolve("fallback-to-logs"), Boolean.toString(config.fallbackToLogsOnError()));
            HostMounts.overlay(options.images().unpackedLayers(image), dir.resolve("upper"), dir.resolve("work"),
                    rootfs);
            String netns = record.get().netns();
            Path pod = sandbox.directory();
            // CRI: the pod's IPC namespace and /dev/shm always, its PID namespace with shareProcessNamespace.
            Resolved<OciSpec> spec = OciSpecs.build(new OciSpecInput(sandboxConfig, config, imageConfig, id, rootfs,
                    netns.isEmpty() ? null : netns, pidNamespace(config, record.get()),
                    sandboxes.ipcNamespace(record.get()), sandboxes.shm(record.get()),
                    pod.resolve(PodEtcFiles.HOSTS), pod.resolve(PodEtcFiles.RESOLV_CONF), pod.resolve(PodEtcFiles.HOSTNAME),
                    terminationLog, sandbox.volumes()));
            if (spec instanceof Resolved.Invalid<OciSpec> invalid) {
                HostMounts.unmountAll(dir);
                return new StartResult.Failed(invalid.reason(), invalid.message());
            }
            ((Resolved.Ok<OciSpec>) spec).value().writeTo(dir);
        } catch (IOException | IllegalArgumentException e) {
            HostMounts.unmountAll(dir);
            return new StartResult.Failed("CreateContainerError", e.getMessage());
        }
        Instant createdAt = options.clock().now();
        Entry entry = new Entry(dir, new Attempt(new RuntimeContainer(id, config.podUid(), config.name(),
                config.attempt(), config.specHash(), config.image(), ContainerState.CREATED, createdAt, null, null, 0,
                "", ""), cgroupsPath, StopSignals.resolve(imageConfig.stopSignal()).runcArgument(),
                config.stdin() && config.stdinOnce()));
        save(entry);
        Conmon.Created created;
        try {
            created = Conmon.create(options.conmon(), runc, id, config.name(), new Conmon.Paths(dir, log, exits,
                    sockets, dir.resolve("persist"), dir.resolve("pid"), dir.resolve("conmon.pid"),
                    dir.resolve("sync"), dir.resolve("conmon.out")),
                    new Conmon.Stdio(config.tty(), config.stdin(), config.stdinOnce()));
        } catch (IOException e) {
            created = new Conmon.Created.Failed("cannot start conmon: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            created = new Conmon.Created.Failed("interrupted");
        }
        if (created instanceof Conmon.Created.Failed failed) {
            abandon(entry);
            return new StartResult.Failed("RunContainerError", failed.message());
        }
        // The process runs from within runc start: taken before it, the start precedes any exit the monitor sees.
        Instant startedAt = options.clock().now();
        RuncCli.Result started = runc.start(id);
        if (!started.ok()) {
            runc.delete(id);
            abandon(entry);
            return new StartResult.Failed("RunContainerError", started.output().strip());
        }
        RuntimeContainer c = entry.snapshot;
        entry.snapshot = with(c, ContainerState.RUNNING, startedAt, null, 0, "", "", false);
        save(entry);
        // Known to the exit watcher only now, so that it never sees the attempt before it is recorded running.
        containers.put(id, entry);
        if (Files.exists(exits.resolve(id))) {
            finish(entry);
        }
        LOG.info("container started pod={} container={} attempt={} id={}", config.podUid(), config.name(),
                config.attempt(), id);
        return new StartResult.Started(id);
    }

    private void abandon(Entry entry) {
        HostMounts.unmountAll(entry.dir);
        VolumeFiles.deleteTree(entry.dir);
        deleteQuietly(exits.resolve(entry.id()));
    }

    /**
     * The PID namespace to join: a debug container's target's (k/k pkg/kubelet/kuberuntime/kuberuntime_container.go
     * startContainer: an ephemeral container with targetContainerName gets NamespaceMode TARGET, the target's
     * namespace), else the sandbox's shared one with shareProcessNamespace, else none (a new one).
     */
    private String pidNamespace(ContainerConfig config, RuncSandboxes.Record sandbox) throws IOException {
        if (config.targetContainer().isEmpty()) {
            return sandboxes.pidNamespace(sandbox);
        }
        for (Entry e : containers.values()) {
            if (e.snapshot.podUid().equals(config.podUid()) && e.snapshot.running()
                    && e.snapshot.name().equals(config.targetContainer())) {
                try {
                    Path ns = Path.of("/proc", Files.readString(e.dir.resolve("pid")).strip(), "ns", "pid");
                    if (Files.exists(ns)) {
                        return ns.toString();
                    }
                } catch (IOException ex) {
                    // Gone meanwhile: the debug container gets a namespace of its own, as with an exited target.
                }
            }
        }
        return sandboxes.pidNamespace(sandbox);
    }

    private void watchExits() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                var key = watcher.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                for (Entry entry : containers.values()) {
                    if (!entry.snapshot.exited() && Files.exists(exits.resolve(entry.id()))) {
                        finish(entry);
                    }
                }
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("watching container exits failed", e);
            }
        }
    }

    /** Records the exit the container's monitor wrote, then deletes the runc container and unmounts its rootfs. */
    private void finish(Entry entry) {
        synchronized (entry) {
            if (entry.snapshot.exited()) {
                return;
            }
            Path exitFile = exits.resolve(entry.id());
            int code;
            Instant finishedAt;
            try {
                String text = Files.readString(exitFile).strip();
                if (text.isEmpty()) {
                    return;
                }
                code = Integer.parseInt(text);
                finishedAt = Files.getLastModifiedTime(exitFile).toInstant();
            } catch (IOException | NumberFormatException e) {
                return;
            }
            // conmon writes an oom file to its persist directory when the container's cgroup reported an OOM kill;
            // the cgroup's own counter is read as well, before runc delete removes the group.
            boolean oom = Files.exists(entry.dir.resolve("persist").resolve("oom"))
                    || cgroups.oomKills(entry.cgroupsPath) > 0;
            runc.delete(entry.id());
            HostMounts.unmountAll(entry.dir);
            RuntimeContainer c = entry.snapshot;
            String reason = oom ? "OOMKilled" : code == 0 ? "Completed" : "Error";
            if (c.startedAt() != null && finishedAt.isBefore(c.startedAt())) {
                finishedAt = c.startedAt();
            }
            entry.snapshot = with(c, ContainerState.EXITED, c.startedAt(), finishedAt, code, reason,
                    terminationMessage(entry, code), c.interruptedByRestart());
            save(entry);
            LOG.info("container exited pod={} container={} attempt={} exitCode={} reason={}", c.podUid(), c.name(),
                    c.attempt(), code, reason);
        }
        entry.exited.complete(null);
        for (Consumer<String> listener : exitListeners) {
            try {
                listener.accept(entry.snapshot.podUid());
            } catch (RuntimeException e) {
                LOG.warn("exit listener failed pod={}", entry.snapshot.podUid(), e);
            }
        }
    }

    private void lost(Entry entry, String reason, String message) {
        RuntimeContainer c = entry.snapshot;
        entry.snapshot = with(c, ContainerState.EXITED, c.startedAt(), options.clock().now(), 255, reason, message,
                true);
        HostMounts.unmountAll(entry.dir);
        save(entry);
        entry.exited.complete(null);
    }

    // k/k pkg/kubelet/kuberuntime/kuberuntime_container.go getTerminationMessage: the file's content; with
    // FallbackToLogsOnError and a failed exit, the log tail when the file is empty.
    private String terminationMessage(Entry entry, int code) {
        String message = "";
        try {
            byte[] bytes = Files.readAllBytes(entry.dir.resolve("termination-log"));
            message = new String(bytes, 0, Math.min(bytes.length, MAX_MESSAGE_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // No file: no message.
        }
        return message.isEmpty() && code != 0 && fallbackToLogs(entry)
                ? ContainerLog.tail(logOf(entry.snapshot), FALLBACK_LINES, FALLBACK_BYTES) : message;
    }

    private boolean fallbackToLogs(Entry entry) {
        try {
            return Files.readString(entry.dir.resolve("fallback-to-logs")).equals("true");
        } catch (IOException e) {
            return false;
        }
    }

    private Path logOf(RuntimeContainer c) {
        return sandboxes.pod(c.podUid()).resolve("logs").resolve(c.name()).resolve(c.attempt() + ".log");
    }

    private static RuntimeContainer with(RuntimeContainer c, ContainerState state, Instant startedAt,
            Instant finishedAt, int exitCode, String reason, String message, boolean interrupted) {
        return new RuntimeContainer(c.id(), c.podUid(), c.name(), c.attempt(), c.specHash(), c.image(), state,
                c.createdAt(), startedAt, finishedAt, exitCode, reason, message, interrupted);
    }

    private void save(Entry entry) {
        try {
            PrivateFiles.write(entry.dir.resolve(RECORD), Json.mapper().writeValueAsBytes(
                    new Attempt(entry.snapshot, entry.cgroupsPath, entry.stopSignal, entry.stdinOnce)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record container={} id={} in {}", entry.snapshot.name(), entry.id(), entry.dir, e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        Entry entry = containers.get(containerId);
        if (entry == null || entry.snapshot.exited()) {
            return;
        }
        // CRI StopContainer (containerd internal/cri/server/container_stop.go): the image's stop signal, then after
        // the timeout SIGKILL.
        runc.kill(containerId, entry.stopSignal);
        if (!awaitExit(entry, grace)) {
            LOG.info("grace period over, killing container={} id={}", entry.snapshot.name(), containerId);
            runc.kill(containerId, "KILL");
            if (!awaitExit(entry, KILL_WAIT)) {
                LOG.warn("container={} id={} did not report its exit after SIGKILL", entry.snapshot.name(),
                        containerId);
            }
        }
    }

    /** Waits for the exit, looking at the exit file itself too: the watcher may be slow, or closed. */
    private boolean awaitExit(Entry entry, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                entry.exited.get(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)),
                        TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                finish(entry);
                if (entry.snapshot.exited()) {
                    return true;
                }
                if (left <= 0) {
                    return false;
                }
            } catch (ExecutionException e) {
                return entry.snapshot.exited();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public void stopForShutdown(String containerId, Duration grace) {
        Entry entry = containers.get(containerId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            RuntimeContainer c = entry.snapshot;
            entry.snapshot = with(c, c.state(), c.startedAt(), c.finishedAt(), c.exitCode(), c.reason(), c.message(),
                    true);
            save(entry);
        }
        stopContainer(containerId, grace);
    }

    @Override
    public void removeContainer(String containerId) {
        Entry entry = containers.get(containerId);
        if (entry == null || !entry.snapshot.exited()) {
            return;
        }
        containers.remove(containerId);
        HostMounts.unmountAll(entry.dir);
        VolumeFiles.deleteTree(entry.dir);
        deleteQuietly(logOf(entry.snapshot));
        deleteQuietly(exits.resolve(containerId));
    }

    @Override
    public PodRuntimeStatus podStatus(String podUid) {
        return new PodRuntimeStatus(podUid, sandbox(podUid), containers.values().stream()
                .map(e -> e.snapshot).filter(c -> c.podUid().equals(podUid)).toList());
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
        Entry entry = containers.get(containerId);
        if (entry == null || !entry.snapshot.running()) {
            return new ExecResult(-1, "container " + containerId + " is not running", false);
        }
        List<String> argv = new ArrayList<>(runc.command("exec", containerId));
        argv.addAll(command);
        RuncCli.Result r = RuncCli.run(argv, timeout);
        if (r.exitCode() == -1 && r.output().contains("did not finish")) {
            return new ExecResult(-1, "", true);
        }
        String output = r.output();
        if (output.length() > MAX_EXEC_OUTPUT) {
            output = output.substring(output.length() - MAX_EXEC_OUTPUT);
        }
        return new ExecResult(r.exitCode(), output, false);
    }

    @Override
    public int execStreaming(String containerId, List<String> command, ExecStreams streams)
            throws InterruptedException {
        Entry entry = containers.get(containerId);
        if (entry == null || !entry.snapshot.running()) {
            throw new IllegalStateException("container " + containerId + " is not running");
        }
        List<String> argv = new ArrayList<>(streams.tty() ? runc.command("exec", "-t", containerId)
                : runc.command("exec", containerId));
        argv.addAll(command);
        return StreamingExec.run(argv, entry.dir, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
                "TERM", "xterm"), streams, options.clock());
    }

    @Override
    public void attach(String containerId, ExecStreams streams) throws InterruptedException {
        Entry entry = containers.get(containerId);
        if (entry == null || !entry.snapshot.running()) {
            throw new IllegalStateException("container " + containerId + " is not running");
        }
        ConmonAttach attached;
        try {
            attached = ConmonAttach.open(entry.dir);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            AttachSession.run(attached, streams, entry.stdinOnce);
        } finally {
            attached.close();
        }
    }

    // The container's own cgroup, which runc made at its cgroupsPath.
    @Override
    public Optional<ResourceUsage> containerStats(String containerId) {
        Entry entry = containers.get(containerId);
        return entry == null || !entry.snapshot.running() ? Optional.empty()
                : new CgroupUsage(cgroups.mountRoot()).read(entry.cgroupsPath, options.clock().now());
    }

    @Override
    public Optional<Path> logPath(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(e -> logOf(e.snapshot));
    }

    @Override
    public void onContainerExit(Consumer<String> listener) {
        exitListeners.add(listener);
    }

    @Override
    public void close() {
        exitListeners.clear();
        watch.interrupt();
        try {
            watcher.close();
            watch.join(Duration.ofSeconds(5));
        } catch (IOException e) {
            // Closing a watch service cannot fail in a way that matters.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        options.random().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", file, e);
        }
    }
}
