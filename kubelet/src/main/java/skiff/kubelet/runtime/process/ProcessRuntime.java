package skiff.kubelet.runtime.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.PrivateFiles;
import skiff.kubelet.stats.ProcessTreeUsage;
import skiff.kubelet.stats.ResourceUsage;
import skiff.kubelet.runtime.AttachSession;
import skiff.kubelet.runtime.AttachedContainer;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.ExecResult;
import skiff.kubelet.runtime.ExecStreams;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.StartResult;
import skiff.kubelet.runtime.VolumeConfig;

/**
 * Runs each container as a host process group: no image, no namespaces, no cgroups. The container's argv is its
 * {@code command} followed by its {@code args}, or its {@code args} alone when it has no command (as an image without
 * an entrypoint runs them); it sees the host's filesystem and network.
 *
 * <p>Volumes cannot be mounted at their {@code mountPath} (there is no mount namespace). Instead each mounted
 * volume's host directory is exported as {@code SKIFF_VOLUME_<NAME>} (the volume name upper-cased, '-' and '.' as
 * '_'), and, when the {@code mountPath} lies inside the pod's directory and is free, a symbolic link is made there.
 * The pod directory is {@code SKIFF_POD_DIR}; the termination message file is
 * {@code SKIFF_TERMINATION_MESSAGE_PATH} (the spec's {@code terminationMessagePath} cannot be honoured either).
 *
 * <p>Every attempt is recorded beside it ({@link ContainerRecords}): a runtime started again on the same root knows
 * the attempts before it, their exits and their logs.
 */
public final class ProcessRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    // k/k pkg/kubelet/container/runtime.go: a termination message is cut to 4 KiB; the log fallback keeps the last
    // 80 lines and at most 2 KiB.
    private static final int MAX_MESSAGE_BYTES = 4096;
    private static final int FALLBACK_LINES = 80;
    private static final int FALLBACK_BYTES = 2048;
    private static final int MAX_EXEC_OUTPUT = 10 * 1024;

    private final PodDirectories dirs;
    private final ProcessSandboxes sandboxes;
    private final Clock clock;
    private final ProcessTreeUsage usage = new ProcessTreeUsage(Path.of("/proc"));
    private final RandomGenerator random;
    private final Map<String, ProcessContainer> containers = new ConcurrentHashMap<>();
    private final Map<String, Sandbox> sandboxCache = new ConcurrentHashMap<>();
    private final List<Consumer<String>> exitListeners = new CopyOnWriteArrayList<>();

    public ProcessRuntime(Path root, Path memoryRoot, Clock clock, RandomGenerator random) {
        this.dirs = new PodDirectories(root.toAbsolutePath());
        this.sandboxes = new ProcessSandboxes(dirs, memoryRoot.toAbsolutePath());
        this.clock = clock;
        this.random = random;
        try {
            PrivateFiles.restrict(PrivateFiles.directories(root.toAbsolutePath()));
            if (Files.isDirectory(memoryRoot)) {
                PrivateFiles.restrict(memoryRoot);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the runtime's directory " + root, e);
        }
        OrphanReaper.reap(dirs);
        restore();
    }

    /** Takes back the attempts a previous runtime recorded, with their exits and logs. */
    private void restore() {
        for (ContainerRecords.Loaded loaded : ContainerRecords.load(dirs)) {
            RuntimeContainer r = loaded.container();
            if (!r.exited()) {
                // containerd internal/cri/server/restart.go loadContainer: a container recorded running whose process
                // is gone is reported exited with code 255 and reason Unknown. Here its runtime died with it.
                r = new RuntimeContainer(r.id(), r.podUid(), r.name(), r.attempt(), r.specHash(), r.image(),
                        ContainerState.EXITED, r.createdAt(), r.startedAt(), clock.now(), 255, "Unknown", "", true);
                ContainerRecords.save(loaded.attemptDir(), r);
            }
            ContainerLog log = new ContainerLog(dirs.log(r.podUid(), r.name(), r.attempt()), clock);
            log.close();
            containers.put(r.id(), ProcessContainer.restored(r, log, loaded.attemptDir()));
        }
    }

    /** A runtime under {@code root}, memory volumes in /dev/shm when it is there. */
    public static ProcessRuntime create(Path root, Clock clock) {
        Path shm = Path.of("/dev/shm");
        Path memoryRoot = Files.isDirectory(shm) && Files.isWritable(shm)
                ? shm.resolve("skiff-" + Integer.toHexString(root.toAbsolutePath().toString().hashCode()))
                : root.resolve("memory");
        return new ProcessRuntime(root, memoryRoot, clock, new SecureRandom());
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public String version() {
        return "skiff";
    }

    @Override
    public Sandbox createSandbox(SandboxConfig config) {
        return sandboxCache.computeIfAbsent(config.podUid(), uid -> sandboxes.create(config));
    }

    @Override
    public Optional<Sandbox> sandbox(String podUid) {
        Sandbox cached = sandboxCache.get(podUid);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Sandbox> found = sandboxes.find(podUid);
        found.ifPresent(s -> sandboxCache.putIfAbsent(podUid, s));
        return found;
    }

    @Override
    public boolean updateVolume(String podUid, VolumeConfig.Files volume) throws IOException {
        return sandboxes.update(podUid, volume, clock.now());
    }

    @Override
    public void removeSandbox(String podUid) {
        containers.values().removeIf(c -> c.config.podUid().equals(podUid) && !c.running());
        sandboxCache.remove(podUid);
        sandboxes.remove(podUid);
    }

    @Override
    public List<String> sandboxes() {
        return sandboxes.list();
    }

    @Override
    public StartResult startContainer(Sandbox sandbox, ContainerConfig config) {
        List<String> argv = argv(config);
        if (argv.isEmpty()) {
            return new StartResult.Failed("CreateContainerConfigError", "the process runtime runs no images: container "
                    + config.name() + " needs a command or args");
        }
        Path attemptDir = dirs.attempt(config.podUid(), config.name(), config.attempt());
        Path home = dirs.containerHome(config.podUid(), config.name());
        Path terminationLog = attemptDir.resolve("termination-log");
        Map<String, String> env;
        Path workingDir;
        try {
            PrivateFiles.directories(attemptDir);
            Files.deleteIfExists(terminationLog);
            PrivateFiles.createFile(terminationLog);
            env = environment(sandbox, config, terminationLog);
            linkMounts(sandbox, config);
            workingDir = config.workingDir().isEmpty() ? home : Path.of(config.workingDir());
            if (!Files.isDirectory(workingDir)) {
                if (!workingDir.toAbsolutePath().normalize().startsWith(sandbox.directory())) {
                    return new StartResult.Failed("CreateContainerError",
                            "working directory " + workingDir + " does not exist on the host");
                }
                PrivateFiles.directories(workingDir);
            }
        } catch (IOException | IllegalArgumentException e) {
            return new StartResult.Failed("CreateContainerError", e.getMessage());
        }
        String id = newId();
        ContainerLog log = new ContainerLog(dirs.log(config.podUid(), config.name(), config.attempt()), clock);
        ProcessContainer container = new ProcessContainer(id, config, env, workingDir, log, terminationLog,
                clock.now());
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(argv);
        // k/k staging/src/k8s.io/api/core/v1/types.go Container.Stdin: without it the container reads end-of-file.
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectInput(config.stdin() ? ProcessBuilder.Redirect.PIPE
                        : ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            log.close();
            return new StartResult.Failed("RunContainerError", "cannot start " + argv.getFirst() + ": "
                    + e.getMessage());
        }
        ContainerStdio stdio = new ContainerStdio(config.stdin() ? process.getOutputStream() : null,
                config.stdinOnce());
        container.started(process, stdio, clock.now());
        containers.put(id, container);
        OrphanReaper.recordPid(attemptDir, process);
        ContainerRecords.save(attemptDir, container.snapshot());
        LOG.info("container started pod={} container={} attempt={} id={} pid={}", config.podUid(), config.name(),
                config.attempt(), id, process.pid());
        // Platform threads: a read on a process pipe blocks in native code and pins a virtual thread's carrier, so
        // with two pumps per container ~128 containers took every carrier the virtual-thread scheduler may add (256)
        // and starved every other virtual thread of the server (API requests, pod workers): found by bin/bench pods.
        Thread out = pumpThread("log-out-" + id).start(() -> log.pump(process.getInputStream(), "stdout",
                (b, n) -> stdio.output(AttachedContainer.Stream.STDOUT, b, n)));
        Thread err = pumpThread("log-err-" + id).start(() -> log.pump(process.getErrorStream(), "stderr",
                (b, n) -> stdio.output(AttachedContainer.Stream.STDERR, b, n)));
        Thread.ofVirtual().name("wait-" + id).start(() -> awaitExit(container, process, out, err, attemptDir));
        return new StartResult.Started(id);
    }

    // k/k pkg/kubelet/kuberuntime/kuberuntime_container.go generateContainerConfig: the command replaces the
    // image's entrypoint and the args its default arguments; with no image, args alone are run as the command.
    private static List<String> argv(ContainerConfig config) {
        List<String> argv = new ArrayList<>(config.command());
        argv.addAll(config.args());
        return argv;
    }

    private void awaitExit(ProcessContainer container, Process process, Thread out, Thread err, Path attemptDir) {
        int code;
        try {
            code = process.waitFor();
            // The first process is gone: like a container whose init died, whatever it left behind goes too.
            ProcessSignals.signalGroup(process.pid(), "KILL");
            out.join(Duration.ofSeconds(2));
            err.join(Duration.ofSeconds(2));
            container.stdio().ended();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        container.log.close();
        try {
            Files.deleteIfExists(attemptDir.resolve("pid"));
        } catch (IOException e) {
            // A stale pid file is checked against the process start time before it is ever used.
        }
        String message = terminationMessage(container, code);
        container.exited(code, code == 0 ? "Completed" : "Error", message, clock.now());
        ContainerRecords.save(attemptDir, container.snapshot());
        container.exitRecorded();
        LOG.info("container exited pod={} container={} attempt={} exitCode={}", container.config.podUid(),
                container.config.name(), container.config.attempt(), code);
        for (Consumer<String> listener : exitListeners) {
            try {
                listener.accept(container.config.podUid());
            } catch (RuntimeException e) {
                LOG.warn("exit listener failed pod={}", container.config.podUid(), e);
            }
        }
    }

    // k/k pkg/kubelet/kuberuntime/kuberuntime_container.go getTerminationMessage: the file's content; with
    // FallbackToLogsOnError and a failed exit, the log tail when the file is empty.
    private static String terminationMessage(ProcessContainer container, int code) {
        String message = "";
        try {
            byte[] bytes = Files.readAllBytes(container.terminationMessage);
            int length = Math.min(bytes.length, MAX_MESSAGE_BYTES);
            message = new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            // No file: no message.
        }
        if (message.isEmpty() && code != 0 && container.config.fallbackToLogsOnError()) {
            message = ContainerLog.tail(container.log.path(), FALLBACK_LINES, FALLBACK_BYTES);
        }
        return message;
    }

    private Map<String, String> environment(Sandbox sandbox, ContainerConfig config, Path terminationLog)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", System.getProperty("user.home", "/"));
        env.put("HOSTNAME", sandbox.hostname());
        env.putAll(config.env());
        env.put("SKIFF_POD_DIR", sandbox.directory().toString());
        env.put("SKIFF_TERMINATION_MESSAGE_PATH", terminationLog.toString());
        for (ContainerConfig.Mount mount : config.mounts()) {
            env.put(volumeVariable(mount.volume()), hostPath(sandbox, mount).toString());
        }
        return env;
    }

    private static Thread.Builder pumpThread(String name) {
        return Thread.ofPlatform().daemon().name(name).stackSize(256 * 1024);
    }

    /** The variable that carries a volume's host path: {@code SKIFF_VOLUME_} and the name in upper case. */
    public static String volumeVariable(String volume) {
        return "SKIFF_VOLUME_" + volume.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static Path hostPath(Sandbox sandbox, ContainerConfig.Mount mount) throws IOException {
        Path volume = sandbox.volumes().get(mount.volume());
        if (volume == null) {
            throw new IllegalArgumentException("volume " + mount.volume() + " is not in the pod's sandbox");
        }
        if (mount.subPath().isEmpty()) {
            return volume;
        }
        Path sub = volume.resolve(mount.subPath()).normalize();
        if (!sub.startsWith(volume)) {
            throw new IllegalArgumentException("subPath " + mount.subPath() + " leaves volume " + mount.volume());
        }
        // k/k pkg/kubelet/kubelet_pods.go makeMounts: a missing subPath is created as a directory.
        if (!Files.exists(sub)) {
            PrivateFiles.directories(sub);
        }
        return sub;
    }

    private static void linkMounts(Sandbox sandbox, ContainerConfig config) throws IOException {
        for (ContainerConfig.Mount mount : config.mounts()) {
            Path at = Path.of(mount.mountPath()).toAbsolutePath().normalize();
            if (!at.startsWith(sandbox.directory()) || Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            PrivateFiles.directories(at.getParent());
            Files.createSymbolicLink(at, hostPath(sandbox, mount));
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        ProcessContainer container = containers.get(containerId);
        if (container == null || !container.running()) {
            return;
        }
        long pgid = container.pgid();
        try {
            ProcessSignals.signalGroup(pgid, "TERM");
            if (!container.awaitExit(grace)) {
                LOG.info("grace period over, killing container={} id={}", container.config.name(), containerId);
                ProcessSignals.signalGroup(pgid, "KILL");
                container.awaitExit(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            ProcessSignals.signalGroup(pgid, "KILL");
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stopForShutdown(String containerId, Duration grace) {
        ProcessContainer container = containers.get(containerId);
        if (container != null) {
            container.interruptedByRestart();
            stopContainer(containerId, grace);
        }
    }

    @Override
    public void removeContainer(String containerId) {
        ProcessContainer container = containers.get(containerId);
        if (container == null || container.running()) {
            return;
        }
        containers.remove(containerId);
        ContainerConfig config = container.config;
        ProcessSandboxes.deleteTree(dirs.attempt(config.podUid(), config.name(), config.attempt()));
        try {
            Files.deleteIfExists(container.log.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public PodRuntimeStatus podStatus(String podUid) {
        return new PodRuntimeStatus(podUid, sandbox(podUid), containers.values().stream()
                .filter(c -> c.config.podUid().equals(podUid)).map(ProcessContainer::snapshot).toList());
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
        ProcessContainer container = containers.get(containerId);
        if (container == null || !container.running()) {
            return new ExecResult(-1, "container " + containerId + " is not running", false);
        }
        return ProcessExec.run(command, container, timeout, MAX_EXEC_OUTPUT);
    }

    @Override
    public int execStreaming(String containerId, List<String> command, ExecStreams streams)
            throws InterruptedException {
        ProcessContainer container = containers.get(containerId);
        if (container == null || !container.running()) {
            throw new IllegalStateException("container " + containerId + " is not running");
        }
        return StreamingExec.run(command, container, streams, clock);
    }

    @Override
    public void attach(String containerId, ExecStreams streams) throws InterruptedException {
        ProcessContainer container = containers.get(containerId);
        ContainerStdio stdio = container == null ? null : container.stdio();
        if (stdio == null || !container.running()) {
            throw new IllegalStateException("container " + containerId + " is not running");
        }
        AttachSession.run(stdio.attach(), streams, container.config.stdin() && container.config.stdinOnce());
    }

    @Override
    public void onContainerExit(Consumer<String> listener) {
        exitListeners.add(listener);
    }

    // The container's process group leader and everything it started (its process tree).
    @Override
    public Optional<ResourceUsage> containerStats(String containerId) {
        ProcessContainer container = containers.get(containerId);
        long pid = container == null || !container.running() ? -1 : container.pgid();
        return pid > 0 ? usage.read(pid, clock.now()) : Optional.empty();
    }

    // One walk of procfs for all of them.
    @Override
    public Map<String, ResourceUsage> containerStats(Collection<String> containerIds) {
        Map<String, Long> pids = new HashMap<>();
        for (String id : containerIds) {
            ProcessContainer container = containers.get(id);
            if (container != null && container.running() && container.pgid() > 0) {
                pids.put(id, container.pgid());
            }
        }
        Map<Long, ResourceUsage> byPid = usage.read(pids.values(), clock.now());
        Map<String, ResourceUsage> usages = new HashMap<>();
        pids.forEach((id, pid) -> {
            ResourceUsage u = byPid.get(pid);
            if (u != null) {
                usages.put(id, u);
            }
        });
        return usages;
    }

    @Override
    public Optional<Path> logPath(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> c.log.path());
    }

    @Override
    public void close() {
        exitListeners.clear();
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
