package skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.image.ImageConfig;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ContainerRuntimeContract;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.LinuxContainerConfig;
import skiff.kubelet.runtime.LinuxContainerSecurity;
import skiff.kubelet.runtime.LinuxResources;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.QosClass;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.StartResult;
import skiff.kubelet.runtime.VolumeConfig;

/**
 * The runc runtime on real runc and conmon, as root: the runtime contract, and what only real containers do (a pod's
 * own network namespace and hostname, an image root filesystem that hides the host's files, memory limits, monitors
 * that outlive the runtime). Every run uses its own state directory, cgroup parent and network namespace names.
 */
class RuncRuntimeTest extends ContainerRuntimeContract {
    private static final String RUN = HexFormat.of().formatHex(SecureRandom.getSeed(4));
    private static final String CGROUP_ROOT = "/skiff-test-" + RUN;
    @TempDir
    static Path shared;
    private static BusyboxImageStore images;
    private final TestNetwork network = new TestNetwork("skt-" + RUN);

    @BeforeAll
    static void requireRunc() {
        RuntimeProbe.Decision decision = RuntimeProbe.system(List.of(Path.of("/usr/lib/cni"))).decide();
        org.junit.jupiter.api.Assumptions.assumeTrue(decision.useRunc(), () -> String.join("; ", decision.reasons()));
        images = new BusyboxImageStore(shared).with("busybox", ImageConfig.empty())
                .with("stops-on-quit", new ImageConfig(List.of("sh"), List.of("-c", "exit 9"),
                        List.of("FROM_IMAGE=yes"), "/tmp", "nobody", "SIGQUIT"));
    }

    @AfterAll
    static void removeCgroupParent() {
        CgroupTree.system().removeTree(CGROUP_ROOT);
    }

    @Override
    protected ContainerRuntime newRuntime(Path root, Path memoryRoot) {
        return new RuncRuntime(new RuncRuntime.Options(root, Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"),
                network, images, "127.0.0.1", Clock.system(), new SecureRandom()));
    }

    @Override
    protected SandboxConfig sandboxConfig(SandboxConfig config) {
        return withLinux(config, false);
    }

    /** The config with the run's own cgroup root, so that nothing of the product's cgroups is touched. */
    private static SandboxConfig withLinux(SandboxConfig config, boolean hostNetwork) {
        return new SandboxConfig(config.podUid(), config.namespace(), config.podName(), config.hostname(),
                config.volumes(), new LinuxSandboxConfig(QosClass.BEST_EFFORT, podCgroup(config.podUid()),
                        LinuxResources.none(), hostNetwork, false, false, false, Map.of()));
    }

    private static String podCgroup(String podUid) {
        return CGROUP_ROOT + "/pod" + podUid;
    }

    @Override
    protected String volumePathInContainer(String volume) {
        return Map.of("data", "/data", "fast", "/fast", "cfg", "/etc/cfg").get(volume);
    }

    @Override
    protected String terminationMessagePath() {
        return "/dev/termination-log";
    }

    @Override
    protected void assertMemoryBacked(Path volume, Path memoryRoot) {
        assertThat(HostMounts.under(volume)).containsExactly(volume);
    }

    @Override
    protected boolean processGone(long pidInContainer, String containerId) {
        // The container's PID namespace ends with its init, and the kernel kills all its processes: the container's
        // cgroup is then empty and deleted.
        return CgroupTree.system().hierarchies().stream().noneMatch(h -> Files.exists(
                h.resolve(podCgroup("pod-1").substring(1)).resolve(containerId)));
    }

    @AfterEach
    void removeWhatTheTestMade() {
        for (String pod : runtime.sandboxes()) {
            runtime.removeSandbox(pod);
        }
        network.tearDownAll();
    }

    private ContainerConfig container(String name, String script, long memoryLimit) {
        LinuxContainerConfig linux = new LinuxContainerConfig(new LinuxResources(2, 0, 0, memoryLimit, 0), 1000,
                LinuxContainerSecurity.none());
        return new ContainerConfig("pod-1", name, 0, "hash", "busybox", List.of("sh", "-c", script), List.of(),
                Map.of(), "", List.of(new ContainerConfig.Mount("data", "/data", "", false)), false, linux, false,
                false, false, ContainerConfig.DEFAULT_TERMINATION_MESSAGE_PATH);
    }

    @Test
    void aTtyContainerIsAttachedToItsTerminalWhichTakesInput() throws Exception {
        String id = start(withStdin(container("shell", "exec sh", 0), false, true));

        try (Attached attached = new Attached(id, true, true)) {
            attached.send("stty size; tty; exit 5\n");
            attached.ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
            // A terminal echoes what it is typed, and ends lines with CR LF.
            assertThat(attached.output()).contains("stty size").contains("/dev/pts/").contains("\r\n");
        }
        assertThat(awaitExit(id).exitCode()).isEqualTo(5);
    }

    @Test
    void aTtyContainerTakesTheAttachedCallersTerminalSize() throws Exception {
        String id = start(withStdin(container("shell", "exec sh", 0), false, true));
        java.util.concurrent.LinkedBlockingQueue<skiff.kubelet.runtime.TerminalSize> sizes =
                new java.util.concurrent.LinkedBlockingQueue<>();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PipedOutputStream input = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(input);
        sizes.add(new skiff.kubelet.runtime.TerminalSize(123, 45));
        Thread attach = Thread.ofPlatform().start(() -> {
            try {
                runtime.attach(id, new skiff.kubelet.runtime.ExecStreams(in, out, null, true, sizes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // Polled in this thread: a PipedInputStream fails its reader once the last thread that wrote has ended.
        await().pollInSameThread().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            input.write("stty size\n".getBytes());
            input.flush();
            synchronized (out) {
                return out.toString().contains("45 123");
            }
        });
        input.write("exit\n".getBytes());
        input.flush();
        attach.join(java.time.Duration.ofSeconds(30));
        assertThat(attach.isAlive()).isFalse();
    }

    @Test
    void aContainerTargetingAnotherSeesItsProcesses() throws IOException {
        String target = start(container("target", "exec sleep 3117", 0));
        ContainerConfig c = container("debugger", "ps", 0);
        String debugger = start(new ContainerConfig(c.podUid(), c.name(), 0, "hash", c.image(), c.command(),
                c.args(), c.env(), "", List.of(), false, c.linux(), false, false, false,
                ContainerConfig.DEFAULT_TERMINATION_MESSAGE_PATH, "target"));

        assertThat(awaitExit(debugger).exitCode()).isZero();
        assertThat(Files.readAllLines(runtime.logPath(debugger).orElseThrow()))
                .map(ContainerRuntimeContract::message).anyMatch(line -> line.contains("sleep 3117"));
        assertThat(find(target).running()).isTrue();
    }

    @Test
    void containersOfAPodTalkOverLocalhostAndSeeThePodsHostname() throws IOException {
        String server = start(container("server", "mkdir -p /data/www; echo hello-from-server > /data/www/index.html;"
                + " exec httpd -f -p 8080 -h /data/www", 0));
        String client = start(container("client", "hostname; for i in $(seq 100); do "
                + "timeout 2 wget -q -O - http://127.0.0.1:8080/index.html && exit 0; usleep 100000; done; exit 1", 0));

        RuntimeContainer done = awaitExit(client);

        assertThat(done.exitCode()).isZero();
        assertThat(Files.readAllLines(runtime.logPath(client).orElseThrow()))
                .map(ContainerRuntimeContract::message).containsExactly("web-host", "hello-from-server");
        assertThat(find(server).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void theContainerSeesTheImageNotTheHost() throws IOException {
        Path marker = Files.writeString(root.resolve("host-marker"), "host only");

        String id = start(container("app", "test -e " + marker + " && echo visible || echo hidden; cat /etc/hosts",
                0));
        awaitExit(id);

        List<String> lines = Files.readAllLines(runtime.logPath(id).orElseThrow()).stream()
                .map(ContainerRuntimeContract::message).toList();
        assertThat(lines.getFirst()).isEqualTo("hidden");
        assertThat(lines).contains("127.0.0.1\tweb-host", "# Kubernetes-managed hosts file.");
    }

    @Test
    void theImageConfigGivesUserWorkingDirEnvAndStopSignal() throws IOException {
        ContainerConfig config = new ContainerConfig("pod-1", "app", 0, "hash", "stops-on-quit", List.of(),
                List.of("-c", "trap 'echo quit > /data/got; exit 5' QUIT; echo $(id -u) $(pwd) $FROM_IMAGE;"
                        + " touch /data/ready; while true; do usleep 50000; done"), Map.of(), "",
                List.of(new ContainerConfig.Mount("data", "/data", "", false)), false);
        String id = start(config);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(sandbox.volumes().get("data")
                .resolve("ready")));

        runtime.stopContainer(id, Duration.ofSeconds(20));

        assertThat(find(id).exitCode()).isEqualTo(5);
        assertThat(Files.readString(sandbox.volumes().get("data").resolve("got"))).isEqualTo("quit\n");
        assertThat(Files.readAllLines(runtime.logPath(id).orElseThrow()).getFirst()).endsWith(" F 65534 /tmp yes");
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        String id = start(container("hog", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done", 16L << 20));

        RuntimeContainer hog = awaitExit(id);

        assertThat(hog.exitCode()).isEqualTo(137);
        assertThat(hog.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void aNewRuntimeAdoptsRunningContainersAndLearnsTheExitsItMissed() throws IOException {
        String sleeper = start(container("sleeper", "exec sleep 3600", 0));
        String waiter = start(container("waiter", "while [ ! -e /data/go ]; do usleep 20000; done; exit 7", 0));
        RuntimeContainer before = find(sleeper);
        runtime.close();

        Files.writeString(sandbox.volumes().get("data").resolve("go"), "");
        await().atMost(Duration.ofSeconds(20)).until(() -> !runcState(waiter).contains("running"));
        runtime = newRuntime(root.resolve("kubelet"), root.resolve("memory"));

        assertThat(find(sleeper).state()).isEqualTo(ContainerState.RUNNING);
        assertThat(find(sleeper).startedAt()).isEqualTo(before.startedAt());
        RuntimeContainer exited = awaitExit(waiter);
        assertThat(exited.exitCode()).isEqualTo(7);
        assertThat(exited.reason()).isEqualTo("Error");
        assertThat(runtime.exec(sleeper, List.of("echo", "still here"), Duration.ofSeconds(10)).output())
                .isEqualTo("still here\n");
    }

    @Test
    void aContainerAdoptedByANewRuntimeCanBeAttachedToAndKeepsItsStdinOnce() throws Exception {
        String id = start(withStdin(container("echo", "while read line; do echo got $line; done; echo bye", 0),
                true, false));
        runtime.close();
        runtime = newRuntime(root.resolve("kubelet"), root.resolve("memory"));

        try (Attached attached = new Attached(id, true, false)) {
            attached.send("again\n");
            attached.input.close();
            attached.ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(attached.output()).isEqualTo("got again\nbye\n");
        }
        assertThat(awaitExit(id).exitCode()).isZero();
    }

    @Test
    void removingTheSandboxLeavesNoMountCgroupOrNamespace() {
        String id = start(container("app", "exec sleep 3600", 0));
        String podCgroup = podCgroup("pod-1");
        assertThat(CgroupTree.system().hierarchies()).anyMatch(h -> Files.isDirectory(h.resolve(podCgroup
                .substring(1))));

        runtime.removeSandbox("pod-1");

        assertThat(runcState(id)).doesNotContain("running");
        assertThat(HostMounts.under(sandbox.directory())).isEmpty();
        assertThat(sandbox.directory()).doesNotExist();
        assertThat(network.attached()).isEmpty();
        assertThat(CgroupTree.system().hierarchies()).noneMatch(h -> Files.exists(h.resolve(podCgroup
                .substring(1))));
    }

    @Test
    void aHostNetworkPodHasNoNamespaceOfItsOwn() throws IOException {
        runtime.createSandbox(withLinux(new SandboxConfig("pod-2", "default", "host", "host", List.of()), true));

        assertThat(runtime.sandbox("pod-2").orElseThrow().ip()).isEqualTo("127.0.0.1");
        assertThat(network.attached()).doesNotContain("pod-2");
        StartResult result = runtime.startContainer(runtime.sandbox("pod-2").orElseThrow(), new ContainerConfig(
                "pod-2", "app", 0, "hash", "busybox", List.of("sh", "-c", "ls /sys/class/net | grep -v lo | wc -l"),
                List.of(), Map.of(), "", List.of(), false));
        String id = ((StartResult.Started) result).containerId();
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.podStatus("pod-2").containers().getFirst()
                .exited());

        // The host's interfaces besides lo are there.
        assertThat(Files.readAllLines(runtime.logPath(id).orElseThrow())).singleElement()
                .satisfies(l -> assertThat(Integer.parseInt(message(l))).isPositive());
    }

    /** A sandbox of its own for {@code podUid}, with shareProcessNamespace as given, and {@code volumes}. */
    private Sandbox podSandbox(String podUid, boolean sharePids, List<VolumeConfig> volumes) {
        return runtime.createSandbox(new SandboxConfig(podUid, "default", podUid, podUid, volumes,
                new LinuxSandboxConfig(QosClass.BEST_EFFORT, podCgroup(podUid), LinuxResources.none(), false, false,
                        false, sharePids, Map.of())));
    }

    private String startIn(Sandbox s, String name, String script, List<ContainerConfig.Mount> mounts) {
        StartResult result = runtime.startContainer(s, new ContainerConfig(s.podUid(), name, 0, "hash", "busybox",
                List.of("sh", "-c", script), List.of(), Map.of(), "", mounts, false));
        assertThat(result).isInstanceOf(StartResult.Started.class);
        return ((StartResult.Started) result).containerId();
    }

    private List<String> logOf(String id) throws IOException {
        return Files.readAllLines(runtime.logPath(id).orElseThrow()).stream().map(ContainerRuntimeContract::message)
                .toList();
    }

    private RuntimeContainer awaitExitIn(String podUid, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.podStatus(podUid).containers().stream()
                .anyMatch(c -> c.id().equals(id) && c.exited()));
        return runtime.podStatus(podUid).containers().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void containersOfAPodShareItsIpcNamespaceAndDevShmButNotTheHosts() throws IOException {
        String first = start(container("first", "readlink /proc/self/ns/ipc; echo from-first > /dev/shm/note;"
                + " exec sleep 3600", 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> logOf(first).size() == 1);
        // The first container is gone before the second starts: the namespace is the sandbox's, not the first's.
        runtime.stopContainer(first, Duration.ZERO);

        String second = start(container("second", "readlink /proc/self/ns/ipc; cat /dev/shm/note", 0));
        awaitExit(second);

        String hostIpc = Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString();
        assertThat(logOf(second)).containsExactly(logOf(first).getFirst(), "from-first");
        assertThat(logOf(first).getFirst()).startsWith("ipc:[").isNotEqualTo(hostIpc);
    }

    @Test
    void withShareProcessNamespaceOneContainerSeesTheOthersProcessesAndTheHolderOutlivesTheRuntime()
            throws IOException {
        Sandbox shared = podSandbox("pod-3", true, List.of());
        startIn(shared, "sleeper", "exec sleep 3601", List.of());
        runtime.close();
        runtime = newRuntime(root.resolve("kubelet"), root.resolve("memory"));

        String looker = startIn(shared, "looker", "for i in $(seq 100); do ps -o args | grep -q '^sleep 3601' && "
                + "ps -o pid,args | grep -E 'sleep 3601|while' | grep -v grep; exit 0; usleep 100000; done; exit 1",
                List.of());

        assertThat(awaitExitIn("pod-3", looker).exitCode()).isZero();
        // The holder is init (PID 1) of the namespace; the sleeper is another of its processes.
        assertThat(logOf(looker)).anySatisfy(l -> assertThat(l.strip()).startsWith("1 ").contains("while"))
                .anySatisfy(l -> assertThat(l.strip()).doesNotStartWith("1 ").endsWith("sleep 3601"));
        Path nsFile = shared.directory().resolve("ns/pid");
        assertThat(HostMounts.under(nsFile)).containsExactly(nsFile);

        runtime.removeSandbox("pod-3");

        assertThat(ProcessHandle.allProcesses().map(p -> p.info().arguments().map(a -> String.join(" ", a))
                .orElse("")).filter(a -> a.contains(nsFile.toString()))).isEmpty();
        assertThat(shared.directory()).doesNotExist();
    }

    @Test
    void aPidNamespaceWhoseHolderWasKilledEndsItsContainersAndTheNextStartGetsANewOne() throws IOException {
        Sandbox shared = podSandbox("pod-5", true, List.of());
        String sleeper = startIn(shared, "sleeper", "exec sleep 3603", List.of());
        String nsFile = shared.directory().resolve("ns/pid").toString();
        ProcessHandle holder = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("--pid=" + nsFile)).orElse(false)).findFirst().orElseThrow();

        holder.destroyForcibly();

        // Its init gone, the kernel ends every process of the namespace, the sleeper's among them.
        assertThat(awaitExitIn("pod-5", sleeper).exitCode()).isEqualTo(137);
        String looker = startIn(shared, "looker", "ps -o pid,args | grep -v grep | grep -E 'while|sleep 3603'",
                List.of());
        assertThat(awaitExitIn("pod-5", looker).exitCode()).isZero();
        assertThat(logOf(looker)).singleElement().satisfies(l -> assertThat(l.strip()).startsWith("1 ")
                .contains("while"));
    }

    @Test
    void withoutShareProcessNamespaceEachContainerHasItsOwnPidNamespace() throws IOException {
        String sleeper = start(container("sleeper", "exec sleep 3602", 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> find(sleeper).running());

        String looker = start(container("looker", "ps -o pid,args | grep -v grep | grep -c 'sleep 3602';"
                + " echo my-pid=$$", 0));
        awaitExit(looker);

        assertThat(logOf(looker)).containsExactly("0", "my-pid=1");
    }

    @Test
    void aMemoryEmptyDirIsATmpfsOfItsSizeAndWritingBeyondItFailsWithNoSpace() throws IOException {
        Sandbox small = podSandbox("pod-4", false, List.of(new VolumeConfig.EmptyDir("small", true, 1L << 20)));
        String writer = startIn(small, "writer", "dd if=/dev/zero of=/small/fill bs=1024 count=2048; echo rc=$?;"
                + " df -k /small | tail -1", List.of(new ContainerConfig.Mount("small", "/small", "", false)));

        awaitExitIn("pod-4", writer);

        List<String> log = logOf(writer);
        assertThat(log).anySatisfy(l -> assertThat(l).contains("No space left on device"));
        assertThat(log).contains("rc=1");
        assertThat(log.getLast().split("\\s+")[1]).isEqualTo("1024");
    }

    private String runcState(String id) {
        return RuncCli.run(List.of("/usr/sbin/runc", "--root", root.resolve("kubelet/state").toString(), "state", id),
                Duration.ofSeconds(10)).output();
    }
}
