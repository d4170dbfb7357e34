package skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.ImageConfig;
import skiff.kubelet.config.ApiObjects;
import skiff.kubelet.config.ContainerConfigs;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.config.SandboxConfigs;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.SandboxConfig;

/**
 * Runs busybox under runc with the config OciSpecs builds from a Pod, and checks what the process sees. Needs root,
 * runc and /bin/busybox; everything it creates (runc state, cgroups, a network namespace) has a unique name and is
 * removed afterwards.
 */
class OciSpecRuncTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "id", "pwd", "echo", "hostname", "touch", "grep",
            "cat", "tail", "sleep", "mount", "unshare", "httpd", "wget", "timeout", "mkdir", "true", "ls");
    private static final ApiObjects NO_OBJECTS = new ApiObjects() {
        @Override
        public Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<io.fabric8.kubernetes.api.model.Secret> secret(String namespace, String name) {
            return Optional.empty();
        }
    };

    @TempDir
    Path dir;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String cgroupRoot = "skiff-spec-test-" + suffix;
    private final List<String> netns = new ArrayList<>();
    private Path rootfs;
    private Path state;

    @BeforeEach
    void rootfs() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")),
                "needs runc");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs /bin/busybox (busybox-static)");
        rootfs = dir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "sys", "dev", "tmp", "etc", "srv", "www")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        Files.writeString(rootfs.resolve("www/index.html"), "hello from httpd\n");
        state = Files.createDirectories(dir.resolve("state"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String ns : netns) {
            run(List.of("ip", "netns", "del", ns));
        }
        if (state != null) {
            Cgroups.host().removeBottomUp("/" + cgroupRoot + "/kubepods/burstable", "/");
            Cgroups.host().removeBottomUp("/" + cgroupRoot + "/kubepods/besteffort", "/");
            Cgroups.host().removeBottomUp("/" + cgroupRoot + "/kubepods", "/");
            for (Path d : Cgroups.host().directories("/" + cgroupRoot)) {
                assertThat(d).doesNotExist();
            }
        }
    }

    private record Result(int exit, String out) {}

    private Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("test").withUid("u" + suffix)
                .endMetadata().withNewSpec().withContainers(c).endSpec().build();
    }

    /** Resolves the pod as the kubelet would, builds the bundle and runs it in the foreground. */
    private Result runPod(Pod pod, String netnsPath, ImageConfig image) throws Exception {
        return runPod(pod, netnsPath, image, in -> in);
    }

    private Result runPod(Pod pod, String netnsPath, ImageConfig image, UnaryOperator<OciSpecInput> change)
            throws Exception {
        var ctx = new ContainerConfigs.Context(pod, "", "", NO_OBJECTS,
                new NodeSettings(cgroupRoot, 8L << 30, -1, dir, false));
        SandboxConfig sandbox = ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(ctx)).value();
        Container c = pod.getSpec().getContainers().get(0);
        ContainerConfig container = ((Resolved.Ok<ContainerConfig>) ContainerConfigs.of(ctx, c, 0, "h")).value();
        String id = "spec-test-" + suffix + "-" + UUID.randomUUID().toString().substring(0, 4);
        Path hostname = dir.resolve("hostname-file");
        Files.writeString(hostname, sandbox.hostname() + "\n");
        Resolved<OciSpec> spec = OciSpecs.build(change.apply(new OciSpecInput(sandbox, container, image, id, rootfs,
                netnsPath, null, null, null, null, null, hostname, null, Map.of())));
        assertThat(spec).isInstanceOf(Resolved.Ok.class);
        Path bundle = dir.resolve("bundle-" + id);
        ((Resolved.Ok<OciSpec>) spec).value().writeTo(bundle);
        try {
            return run(List.of("runc", "--root", state.toString(), "run", "--bundle", bundle.toString(), id));
        } finally {
            run(List.of("runc", "--root", state.toString(), "delete", "--force", id));
            Cgroups.host().removeBottomUp(sandbox.linux().cgroupParent() + "/" + id, "/");
        }
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static ImageConfig image(String user) {
        return new ImageConfig(List.of("sh"), List.of("-c", "echo image default"),
                List.of("PATH=/bin", "MODE=image", "FROM_IMAGE=1"), "/srv", user, "");
    }

    @Test
    void theProcessRunsWithTheResolvedArgsEnvCwdUserAndGroups() throws Exception {
        Container c = new ContainerBuilder().withName("app").withImage("busybox")
                .withArgs("-c", "id -u; id -G; pwd; echo $MODE $FROM_IMAGE $HOSTNAME; hostname; cat /etc/hostname")
                .addNewEnv().withName("MODE").withValue("spec").endEnv()
                .withSecurityContext(new SecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(1000L)
                        .withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
                        .endSeccompProfile().build())
                .build();
        Pod pod = pod(c);
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                .withFsGroup(3000L).withSupplementalGroups(4000L).build());
        Result r = runPod(pod, null, image(""));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out().lines()).containsExactly("1000", "1000 2000 3000 4000", "/srv", "spec 1 web", "web",
                "web");
    }

    @Test
    void aReadOnlyRootWithAddedAndDroppedCapabilitiesAndNoNewPrivileges() throws Exception {
        Container c = new ContainerBuilder().withName("app").withImage("busybox")
                .withCommand("sh", "-c", "touch /probe 2>&1; touch /tmp/probe 2>&1; grep -E 'CapEff|CapBnd|NoNewPrivs'"
                        + " /proc/self/status")
                .withSecurityContext(new SecurityContextBuilder().withReadOnlyRootFilesystem(true)
                        .withAllowPrivilegeEscalation(false).withNewCapabilities().withAdd("NET_ADMIN")
                        .withDrop("MKNOD", "NET_RAW").endCapabilities().build())
                .build();
        Result r = runPod(pod(c), null, image(""));
        List<String> caps = new ArrayList<>(OciCapabilities.DEFAULT);
        caps.add("CAP_NET_ADMIN");
        caps.removeAll(List.of("CAP_MKNOD", "CAP_NET_RAW"));
        String mask = String.format("%016x", caps.stream().mapToLong(OciSpecRuncTest::bit).reduce(0, (a, b) -> a | b));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("touch: /probe: Read-only file system")
                .contains("touch: /tmp/probe: Read-only file system")
                .contains("CapEff:\t" + mask).contains("CapBnd:\t" + mask).contains("NoNewPrivs:\t1");
    }

    private static long bit(String cap) {
        return 1L << OciCapabilities.number(cap);
    }

    @Test
    void aMemoryHogOverItsLimitIsKilledWith137AndCountedInTheContainersCgroup() throws Exception {
        // The container's own cgroup (runc binds it at /sys/fs/cgroup) counts the kill; runc removes it on exit.
        Container c = new ContainerBuilder().withName("hog").withImage("busybox")
                .withCommand("sh", "-c", "tail /dev/zero & wait $!; echo exit=$?; cat /sys/fs/cgroup/memory.events "
                        + "/sys/fs/cgroup/memory/memory.oom_control 2>/dev/null; true")
                .withNewResources().addToLimits("memory", new Quantity("32Mi")).endResources().build();
        Result r = runPod(pod(c), null, image(""));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("exit=137");
        long kills = r.out().lines().filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(
                l.substring("oom_kill ".length()).trim())).max().orElse(0);
        assertThat(kills).as(r.out()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theMainProcessOverItsLimitEndsTheContainerWith137() throws Exception {
        Container c = new ContainerBuilder().withName("hog").withImage("busybox")
                .withCommand("tail", "/dev/zero")
                .withNewResources().addToLimits("memory", new Quantity("32Mi")).endResources().build();
        Result r = runPod(pod(c), null, image(""));
        assertThat(r.exit()).as(r.out()).isEqualTo(137);
    }

    @Test
    void runtimeDefaultSeccompLetsAServerWorkAndRefusesNamespacesAndMounts() throws Exception {
        String ns = "skiff-spec-" + suffix;
        assertThat(run(List.of("ip", "netns", "add", ns)).exit()).isZero();
        netns.add(ns);
        assertThat(run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")).exit()).isZero();
        Container c = new ContainerBuilder().withName("web").withImage("busybox")
                .withCommand("sh", "-c", "httpd -p 127.0.0.1:8080 -h /www; sleep 0.1; "
                        + "timeout 5 wget -q -O - http://127.0.0.1:8080/index.html; "
                        + "unshare -U true 2>&1 || echo unshare refused; "
                        + "mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>&1 || echo mount refused; "
                        + "echo port start $(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)")
                .withSecurityContext(new SecurityContextBuilder().withNewSeccompProfile().withType("RuntimeDefault")
                        .endSeccompProfile().withNewCapabilities().withAdd("SYS_ADMIN").withDrop("SYS_ADMIN")
                        .endCapabilities().build())
                .build();
        Pod pod = pod(c);
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                .addNewSysctl().withName("net.ipv4.ip_unprivileged_port_start").withValue("80").endSysctl().build());
        Result r = runPod(pod, "/var/run/netns/" + ns, image(""));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("hello from httpd").contains("unshare refused").contains("mount refused")
                .contains("Operation not permitted").contains("port start 80");

        Container unconfined = new ContainerBuilder(c).withSecurityContext(new SecurityContextBuilder()
                .withNewSeccompProfile().withType("Unconfined").endSeccompProfile().build()).build();
        Result free = runPod(pod(unconfined), "/var/run/netns/" + ns, image(""));
        assertThat(free.out()).as("without seccomp a user namespace can be made").doesNotContain("unshare refused");
    }

    @Test
    void privilegedContainersOnTheHostNetworkMountAndHaveEveryCapability() throws Exception {
        Container c = new ContainerBuilder().withName("admin").withImage("busybox")
                .withCommand("sh", "-c", "mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && echo mounted; "
                        + "grep CapEff /proc/self/status; hostname; echo $HOSTNAME; ls /dev/null")
                .withSecurityContext(new SecurityContextBuilder().withPrivileged(true).build()).build();
        Pod pod = pod(c);
        pod.getSpec().setHostNetwork(true);
        Result r = runPod(pod, null, image(""));
        String host = ProcFiles.read(Path.of("/proc/sys/kernel/hostname"));
        String all = String.format("%016x", OciCapabilities.all().stream().mapToLong(OciSpecRuncTest::bit)
                .reduce(0, (a, b) -> a | b));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out().lines()).containsExactly("mounted", "CapEff:\t" + all, host, host, "/dev/null");
    }

    @Test
    void volumesSubPathsSharedMemoryAndTheTerminationLogAreBound() throws Exception {
        Path data = Files.createDirectories(dir.resolve("volumes/data"));
        Files.writeString(data.resolve("hello.txt"), "from the volume\n");
        Path shm = Files.createDirectories(dir.resolve("shm"));
        Files.writeString(shm.resolve("segment"), "shared\n");
        Path log = dir.resolve("termination-log");
        Files.createFile(log);
        Container c = new ContainerBuilder().withName("files").withImage("busybox")
                .withCommand("sh", "-c", "cat /ro/hello.txt /dev/shm/segment; touch /ro/x 2>&1; echo sub > /sub/f; "
                        + "echo done > /dev/termination-log")
                .addNewVolumeMount().withName("data").withMountPath("/ro").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/sub").withSubPath("nested/dir").endVolumeMount()
                .build();
        Result r = runPod(pod(c), null, image(""), in -> new OciSpecInput(in.sandbox(), in.container(), in.image(),
                in.containerId(), in.rootfs(), in.netnsPath(), null, null, shm, null, null, in.hostnameFile(), log,
                Map.of("data", data)));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("from the volume", "shared", "touch: /ro/x: Read-only file system");
        assertThat(Files.readString(data.resolve("nested/dir/f"))).isEqualTo("sub\n");
        assertThat(Files.readString(log)).isEqualTo("done\n");
    }

    @Test
    void aLocalhostSeccompProfileFromTheKubeletRootIsEnforced() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("seccomp/profiles"));
        Files.writeString(profiles.resolve("no-mkdir.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                """);
        Container c = new ContainerBuilder().withName("jail").withImage("busybox")
                .withCommand("sh", "-c", "mkdir /tmp/d 2>&1 || echo mkdir refused")
                .withSecurityContext(new SecurityContextBuilder().withNewSeccompProfile().withType("Localhost")
                        .withLocalhostProfile("profiles/no-mkdir.json").endSeccompProfile().build())
                .build();
        Result r = runPod(pod(c), null, image(""));
        assertThat(r.out()).as(r.out()).contains("Operation not permitted", "mkdir refused");
    }

    @Test
    void podLimitsAreWrittenToThePodCgroupAndTheContainerRunsBelowIt() throws Exception {
        Container c = new ContainerBuilder().withName("app").withImage("busybox")
                .withCommand("sh", "-c", "cat /proc/self/cgroup")
                .withNewResources().addToRequests("cpu", new Quantity("250m")).addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("64Mi")).endResources().build();
        Pod pod = pod(c);
        var ctx = new ContainerConfigs.Context(pod, "", "", NO_OBJECTS,
                new NodeSettings(cgroupRoot, 8L << 30, 100, dir, false));
        SandboxConfig sandbox = ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(ctx)).value();
        Cgroups cgroups = Cgroups.host();
        String parent = sandbox.linux().cgroupParent();
        try {
            cgroups.applyPodLimits(parent, sandbox.linux().podResources());
            String relative = parent.substring(1);
            if (cgroups.unified()) {
                Path d = Path.of("/sys/fs/cgroup").resolve(relative);
                assertThat(ProcFiles.read(d.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
                assertThat(ProcFiles.read(d.resolve("cpu.max"))).isEqualTo("50000 100000");
                assertThat(ProcFiles.read(d.resolve("pids.max"))).isEqualTo("100");
            } else {
                Path d = Path.of("/sys/fs/cgroup");
                assertThat(ProcFiles.read(d.resolve("memory").resolve(relative).resolve("memory.limit_in_bytes")))
                        .isEqualTo(Long.toString(64L << 20));
                assertThat(ProcFiles.read(d.resolve("cpu").resolve(relative).resolve("cpu.shares"))).isEqualTo("256");
                assertThat(ProcFiles.read(d.resolve("cpu").resolve(relative).resolve("cpu.cfs_quota_us")))
                        .isEqualTo("50000");
                assertThat(ProcFiles.read(d.resolve("pids").resolve(relative).resolve("pids.max"))).isEqualTo("100");
            }
            Result r = runPod(pod, null, image(""));
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).contains(parent + "/spec-test-" + suffix);
        } finally {
            cgroups.removeBottomUp(parent, "/");
        }
    }
}
