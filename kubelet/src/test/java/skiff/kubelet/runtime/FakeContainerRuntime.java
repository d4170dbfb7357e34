package skiff.kubelet.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import skiff.api.time.FakeClock;

/**
 * A runtime that runs nothing: it records every call as a line ("start app#0", "stop app 5s") and keeps container
 * states that tests move by hand ({@link #exit}). Stopping a container exits it with 143; an exec hook can take
 * fake time ({@link #execTakes}).
 */
public final class FakeContainerRuntime implements ContainerRuntime {
    public final List<String> calls = new ArrayList<>();
    private final FakeClock clock;
    private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    private final Map<String, RuntimeContainer> containers = new LinkedHashMap<>();
    private final List<Consumer<String>> listeners = new ArrayList<>();
    private final Map<String, Map<String, String>> fileVolumes = new LinkedHashMap<>();
    private Function<ContainerConfig, StartResult> onStart = c -> null;
    private Duration execTakes = Duration.ZERO;
    private int execExitCode;
    private String execOutput = "";
    private int nextId = 1;

    public FakeContainerRuntime(FakeClock clock) {
        this.clock = clock;
    }

    /** Makes starts fail: the function returns a {@link StartResult.Failed} or null to start normally. */
    public FakeContainerRuntime failStartsWith(Function<ContainerConfig, StartResult> behaviour) {
        onStart = behaviour;
        return this;
    }

    /** Every exec prints {@code output}. */
    public FakeContainerRuntime execPrints(String output) {
        execOutput = output;
        return this;
    }

    /** Every exec advances the fake clock this much and exits with {@code exitCode}. */
    public FakeContainerRuntime execTakes(Duration took, int exitCode) {
        execTakes = took;
        execExitCode = exitCode;
        return this;
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public synchronized Sandbox createSandbox(SandboxConfig config) {
        calls.add("createSandbox");
        for (VolumeConfig v : config.volumes()) {
            if (v instanceof VolumeConfig.Files f) {
                fileVolumes.put(config.podUid() + "/" + f.name(), contents(f));
            }
        }
        return sandboxes.computeIfAbsent(config.podUid(),
                uid -> new Sandbox(uid, "web", Path.of("/fake/pods", uid), Map.of(), "127.0.0.1"));
    }

    @Override
    public synchronized Optional<Sandbox> sandbox(String podUid) {
        return Optional.ofNullable(sandboxes.get(podUid));
    }

    /** Records "updateVolume NAME" when the contents differ from the volume's last ones. */
    @Override
    public synchronized boolean updateVolume(String podUid, VolumeConfig.Files volume) {
        Map<String, String> contents = contents(volume);
        if (contents.equals(fileVolumes.put(podUid + "/" + volume.name(), contents))) {
            return false;
        }
        calls.add("updateVolume " + volume.name());
        return true;
    }

    /** The files of a pod's configMap, secret, downwardAPI or projected volume as last written, by path. */
    public synchronized Map<String, String> volume(String podUid, String name) {
        return fileVolumes.getOrDefault(podUid + "/" + name, Map.of());
    }

    private static Map<String, String> contents(VolumeConfig.Files f) {
        Map<String, String> out = new java.util.TreeMap<>();
        f.files().forEach((path, bytes) -> out.put(path, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    @Override
    public synchronized void removeSandbox(String podUid) {
        calls.add("removeSandbox");
        sandboxes.remove(podUid);
        containers.values().removeIf(c -> c.podUid().equals(podUid));
    }

    @Override
    public synchronized List<String> sandboxes() {
        return List.copyOf(sandboxes.keySet());
    }

    @Override
    public synchronized StartResult startContainer(Sandbox sandbox, ContainerConfig config) {
        calls.add("start " + config.name() + "#" + config.attempt());
        StartResult forced = onStart.apply(config);
        if (forced != null) {
            return forced;
        }
        String id = "c" + nextId++;
        containers.put(id, new RuntimeContainer(id, config.podUid(), config.name(), config.attempt(),
                config.specHash(), config.image(), ContainerState.RUNNING, clock.now(), clock.now(), null, 0, "", ""));
        return new StartResult.Started(id);
    }

    @Override
    public synchronized void stopContainer(String containerId, Duration grace) {
        RuntimeContainer c = containers.get(containerId);
        calls.add("stop " + (c == null ? containerId : c.name()) + " " + grace.toSeconds() + "s");
        if (c != null && c.running()) {
            containers.put(containerId, exited(c, 143));
        }
    }

    @Override
    public synchronized void stopForShutdown(String containerId, Duration grace) {
        stopContainer(containerId, grace);
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        RuntimeContainer c = containers.remove(containerId);
        calls.add("remove " + (c == null ? containerId : c.name() + "#" + c.attempt()));
    }

    @Override
    public synchronized PodRuntimeStatus podStatus(String podUid) {
        return new PodRuntimeStatus(podUid, Optional.ofNullable(sandboxes.get(podUid)),
                containers.values().stream().filter(c -> c.podUid().equals(podUid)).toList());
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
        synchronized (this) {
            calls.add("exec " + String.join(" ", command));
        }
        Duration took = execTakes.compareTo(timeout) < 0 ? execTakes : timeout;
        clock.advance(took);
        boolean timedOut = execTakes.compareTo(timeout) > 0;
        return new ExecResult(timedOut ? -1 : execExitCode, timedOut ? "" : execOutput, timedOut);
    }

    @Override
    public int execStreaming(String containerId, List<String> command, ExecStreams streams) {
        synchronized (this) {
            calls.add("execStreaming " + String.join(" ", command));
        }
        return execExitCode;
    }

    @Override
    public void attach(String containerId, ExecStreams streams) {
        synchronized (this) {
            calls.add("attach " + containerId);
        }
    }

    @Override
    public Optional<Path> logPath(String containerId) {
        return Optional.empty();
    }

    @Override
    public Optional<skiff.kubelet.stats.ResourceUsage> containerStats(String containerId) {
        return Optional.empty();
    }

    @Override
    public synchronized void onContainerExit(Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {}

    /** Makes the newest attempt of a container exit now with {@code code}. */
    public void exit(String podUid, String name, int code) {
        RuntimeContainer latest;
        synchronized (this) {
            latest = podStatus(podUid).latest(name).orElseThrow();
            containers.put(latest.id(), exited(latest, code));
        }
        listeners.forEach(l -> l.accept(podUid));
    }

    private RuntimeContainer exited(RuntimeContainer c, int code) {
        return new RuntimeContainer(c.id(), c.podUid(), c.name(), c.attempt(), c.specHash(), c.image(),
                ContainerState.EXITED, c.createdAt(), c.startedAt(), clock.now(), code,
                code == 0 ? "Completed" : "Error", "");
    }
}
