package skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.image.ImageConfig;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.LinuxContainerConfig;
import skiff.kubelet.runtime.LinuxContainerSecurity;
import skiff.kubelet.runtime.LinuxResources;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.QosClass;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.SeccompProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OciSpecsTest {
    @TempDir
    Path dir;
    Path rootfs;

    @BeforeEach
    void rootfs() throws IOException {
        rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                www:x:33:33:www:/var/www:/bin/false
                app:x:1000:1001:app:/home/app:/bin/sh
                broken line
                """);
        Files.writeString(rootfs.resolve("group"), """
                root:x:0:
                www:x:33:app
                staff:x:50:app,www
                appgrp:x:1001:
                audio:x:29:www
                """);
        rootfs = rootfs.getParent();
    }

    private static LinuxContainerSecurity security(OptionalLong uid, OptionalLong gid, List<Long> groups,
            boolean nonRoot) {
        return new LinuxContainerSecurity(uid, gid, groups, nonRoot, false, false, List.of(), List.of(), false,
                new SeccompProfile.Unconfined(), false);
    }

    private static LinuxContainerSecurity caps(boolean privileged, List<String> add, List<String> drop) {
        return new LinuxContainerSecurity(OptionalLong.empty(), OptionalLong.empty(), List.of(), false, false,
                privileged, add, drop, false, new SeccompProfile.Unconfined(), false);
    }

    private static ContainerConfig container(List<String> command, List<String> args, LinuxContainerSecurity sc) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MODE", "prod");
        env.put("EXTRA", "1");
        return new ContainerConfig("uid-1", "app", 0, "h", "busybox", command, args, env, "",
                List.of(new ContainerConfig.Mount("data", "/var/data", "", false),
                        new ContainerConfig.Mount("conf", "/etc/app", "", true),
                        new ContainerConfig.Mount("data", "/var/data/cache/sub", "cache", false)),
                false, new LinuxContainerConfig(new LinuxResources(256, 50000, 100000, 64L << 20, 0), 875, sc),
                true, false, false, "/dev/termination-log");
    }

    private static SandboxConfig sandbox(LinuxSandboxConfig linux) {
        return new SandboxConfig("uid-1", "shop", "web", "web-0", List.of(), linux);
    }

    private static LinuxSandboxConfig pod(boolean hostNetwork, boolean hostPid, boolean hostIpc) {
        return new LinuxSandboxConfig(QosClass.BURSTABLE, "/skiff/kubepods/burstable/poduid-1",
                new LinuxResources(256, 0, 0, 0, 0), hostNetwork, hostPid, hostIpc, false,
                Map.of("net.ipv4.ip_unprivileged_port_start", "0"));
    }

    private static final ImageConfig IMAGE = new ImageConfig(List.of("/entry"), List.of("serve", "--port=80"),
            List.of("PATH=/opt/bin:/bin", "MODE=dev", "LANG=C.UTF-8"), "/srv", "", "SIGQUIT");

    private OciSpecInput input(ContainerConfig c, LinuxSandboxConfig pod, ImageConfig image) throws IOException {
        Path data = Files.createDirectories(dir.resolve("volumes/data"));
        Path conf = Files.createDirectories(dir.resolve("volumes/conf"));
        return new OciSpecInput(sandbox(pod), c, image, "app-0", rootfs, pod.hostNetwork() ? null
                : "/var/run/netns/pod1", null, "/proc/42/ns/ipc", dir.resolve("shm"), dir.resolve("hosts"),
                dir.resolve("resolv.conf"), dir.resolve("hostname"), dir.resolve("termination-log"),
                Map.of("data", data, "conf", conf));
    }

    private ObjectNode build(ContainerConfig c, LinuxSandboxConfig pod, ImageConfig image) throws IOException {
        Resolved<OciSpec> spec = OciSpecs.build(input(c, pod, image));
        assertThat(spec).isInstanceOf(Resolved.Ok.class);
        return ((Resolved.Ok<OciSpec>) spec).value().json();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static List<String> list(String spaced) {
        return spaced == null || spaced.equals("-") ? List.of() : Arrays.asList(spaced.split(" "));
    }

    @ParameterizedTest(name = "command [{0}] args [{1}] entrypoint [{2}] cmd [{3}] -> {4}")
    @CsvSource({
        "-,          -,        /entry,   serve,    /entry serve",
        "sh -c,      -,        /entry,   serve,    sh -c",         // a command drops the image's Cmd
        "-,          run x,    /entry,   serve,    /entry run x",  // args alone keep the Entrypoint
        "sh,         -c true,  /entry,   serve,    sh -c true",
        "-,          -,        -,        sh,       sh",
        "-,          sleep 1,  -,        sh,       sleep 1",
        "-,          -,        '',       top,      top",           // an Entrypoint of one empty string is none
        "-,          -,        -,        -,        -",
    })
    void processArgsFollowKubernetesRules(String command, String args, String entrypoint, String cmd,
            String expected) {
        ContainerConfig c = container(list(command), list(args), LinuxContainerSecurity.none());
        List<String> ep = entrypoint == null ? List.of("") : list(entrypoint);
        ImageConfig image = new ImageConfig(ep, list(cmd), List.of(), "", "", "");
        assertThat(OciSpecs.args(c, image)).isEqualTo(list(expected));
    }

    @Test
    void noCommandAtAllIsACreateContainerError() throws IOException {
        ImageConfig image = new ImageConfig(List.of(), List.of(), List.of(), "", "", "");
        assertThat(OciSpecs.build(input(container(List.of(), List.of(), LinuxContainerSecurity.none()),
                pod(false, false, false), image)))
                .isEqualTo(new Resolved.Invalid<>("CreateContainerError", "no command specified"));
    }

    @Test
    void environmentIsPathHostnameImageThenContainerEachOverridingInPlace() throws IOException {
        ObjectNode spec = build(container(List.of(), List.of(), LinuxContainerSecurity.none()),
                pod(false, false, false), IMAGE);
        assertThat(strings(spec.at("/process/env"))).containsExactly("PATH=/opt/bin:/bin", "HOSTNAME=web-0",
                "MODE=prod", "LANG=C.UTF-8", "EXTRA=1");
        assertThat(spec.at("/process/cwd").asString()).isEqualTo("/srv");
        assertThat(spec.at("/process/terminal").asBoolean()).isTrue();
        assertThat(OciSpecs.env("h", List.of("A=1", "B=2", "A"), Map.of())).containsExactly(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=h", "B=2");
    }

    @ParameterizedTest(name = "runAsUser {0} runAsGroup {1} groups [{2}] image user \"{3}\" -> {4}:{5} [{6}]")
    @CsvSource({
        "-,    -,    -,          '',          0,    0,    0",
        "-,    -,    -,          app,         1000, 1001, 1001 33 50",   // name: gid and memberships from the files
        "-,    -,    -,          www:staff,   33,   50,   50 29",
        "-,    -,    -,          1000,        1000, 1001, 1001 33 50",   // numeric uid: gid from passwd
        "-,    -,    -,          4242,        4242, 0,    0",            // unknown uid: gid 0
        "-,    -,    -,          4242:77,     4242, 77,   77",
        "2000, -,    -,          app,         2000, 0,    0",            // runAsUser replaces the image's user
        "1000, 3000, 4000 5000,  www,         1000, 3000, 3000 4000 5000 33 50",
        "33,   -,    33,         '',          33,   33,   33 50 29",     // duplicates appear once
    })
    void theUserComesFromTheSecurityContextOrTheImageResolvedInTheRootfs(String uid, String gid, String groups,
            String imageUser, long expectedUid, long expectedGid, String additional) {
        Resolved<OciUser> user = OciUsers.resolve(rootfs, number(uid), number(gid),
                list(groups).stream().map(Long::valueOf).toList(), imageUser);
        assertThat(user).isEqualTo(new Resolved.Ok<>(new OciUser(expectedUid, expectedGid,
                list(additional).stream().map(Long::valueOf).toList())));
    }

    @Test
    void unknownNamesAndAGroupWithoutAUserAreRefused() {
        assertThat(OciUsers.resolve(rootfs, OptionalLong.empty(), OptionalLong.empty(), List.of(), "nobody"))
                .isEqualTo(new Resolved.Invalid<>("CreateContainerError",
                        "unable to find user nobody: no matching entries in passwd file"));
        assertThat(OciUsers.resolve(rootfs, OptionalLong.empty(), OptionalLong.empty(), List.of(), "app:wheel"))
                .isEqualTo(new Resolved.Invalid<>("CreateContainerError",
                        "unable to find group wheel: no matching entries in group file"));
        assertThat(OciUsers.resolve(rootfs, OptionalLong.empty(), OptionalLong.of(5), List.of(), "app"))
                .isEqualTo(new Resolved.Invalid<>("CreateContainerError",
                        "user group \"5\" is specified without user"));
    }

    @Test
    void thePasswdFileIsReadInsideTheRootfsEvenThroughAnAbsoluteSymlink() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other/etc"));
        Files.move(rootfs.resolve("etc/passwd"), other.resolve("passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/other/etc/passwd"));
        Files.createDirectories(rootfs.resolve("other/etc"));
        Files.writeString(rootfs.resolve("other/etc/passwd"), "inside:x:7:8::/:/bin/sh\n");
        assertThat(OciUsers.resolve(rootfs, OptionalLong.empty(), OptionalLong.empty(), List.of(), "inside"))
                .isEqualTo(new Resolved.Ok<>(new OciUser(7, 8, List.of(8L))));
    }

    @ParameterizedTest(name = "runAsUser {0}, image user \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "-    | ''        | container has runAsNonRoot and image will run as root (pod: \"web_shop(uid-1)\", container: app)",
        "-    | 0:10      | container has runAsNonRoot and image will run as root (pod: \"web_shop(uid-1)\", container: app)",
        "-    | app       | container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root (pod: \"web_shop(uid-1)\", container: app)",
        "0    | 1000      | container's runAsUser breaks non-root policy (pod: \"web_shop(uid-1)\", container: app)",
        "-    | 1000      | -",
        "1000 | ''        | -",
    })
    void runAsNonRootRefusesRootWithKubernetesMessages(String uid, String imageUser, String message)
            throws IOException {
        ContainerConfig c = container(List.of("sh"), List.of(), security(number(uid), OptionalLong.empty(),
                List.of(), true));
        ImageConfig image = new ImageConfig(List.of(), List.of(), List.of(), "", imageUser, "");
        Resolved<OciSpec> spec = OciSpecs.build(input(c, pod(false, false, false), image));
        if (message.equals("-")) {
            assertThat(spec).isInstanceOf(Resolved.Ok.class);
        } else {
            assertThat(spec).isEqualTo(new Resolved.Invalid<>("CreateContainerConfigError", message));
        }
    }

    @ParameterizedTest(name = "privileged {0} add [{1}] drop [{2}]")
    @CsvSource({
        "false, -,                    -,          +",
        "false, NET_ADMIN sys_time,   -,          + CAP_NET_ADMIN CAP_SYS_TIME",
        "false, -,                    KILL CAP_MKNOD, + - CAP_KILL CAP_MKNOD",
        "false, NET_BIND_SERVICE,     ALL,        CAP_NET_BIND_SERVICE",
        "false, ALL,                  CHOWN,      * - CAP_CHOWN",
        "false, NET_ADMIN,            NET_ADMIN,  +",                // drop wins
        "true,  -,                    ALL,        *",
    })
    void capabilitiesStartFromContainerdsDefaultsWithAddThenDrop(boolean privileged, String add, String drop,
            String expected) {
        List<String> all = OciCapabilities.all();
        List<String> want = new ArrayList<>();
        boolean remove = false;
        for (String token : list(expected)) {
            switch (token) {
                case "+" -> want.addAll(OciCapabilities.DEFAULT);
                case "*" -> want.addAll(all);
                case "-" -> remove = true;
                default -> {
                    if (remove) {
                        want.remove(token);
                    } else {
                        want.add(token);
                    }
                }
            }
        }
        assertThat(OciCapabilities.of(caps(privileged, list(add), list(drop)), all))
                .containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void aPodOnItsOwnNetworkGetsNamespacesHostnameMountsAndLimits() throws IOException {
        ObjectNode spec = build(container(List.of("sh"), List.of(), LinuxContainerSecurity.none()),
                pod(false, false, false), IMAGE);
        assertThat(spec.at("/hostname").asString()).isEqualTo("web-0");
        assertThat(spec.at("/root/path").asString()).isEqualTo(rootfs.toString());
        List<String> namespaces = new ArrayList<>();
        spec.at("/linux/namespaces").forEach(n -> namespaces.add(n.get("type").asString()
                + (n.has("path") ? "=" + n.get("path").asString() : "")));
        assertThat(namespaces).startsWith("mount", "pid", "ipc=/proc/42/ns/ipc", "uts",
                "network=/var/run/netns/pod1");
        assertThat(spec.at("/linux/cgroupsPath").asString()).isEqualTo("/skiff/kubepods/burstable/poduid-1/app-0");
        assertThat(spec.at("/linux/resources/cpu/shares").asLong()).isEqualTo(256);
        assertThat(spec.at("/linux/resources/cpu/quota").asLong()).isEqualTo(50000);
        assertThat(spec.at("/linux/resources/cpu/period").asLong()).isEqualTo(100000);
        assertThat(spec.at("/linux/resources/memory/limit").asLong()).isEqualTo(64L << 20);
        assertThat(spec.at("/linux/resources/devices/0/allow").asBoolean()).isFalse();
        assertThat(spec.at("/process/oomScoreAdj").asInt()).isEqualTo(875);
        assertThat(spec.at("/linux/sysctl/net.ipv4.ip_unprivileged_port_start").asString()).isEqualTo("0");
        assertThat(strings(spec.at("/linux/maskedPaths"))).contains("/proc/kcore", "/proc/keys");
        assertThat(strings(spec.at("/linux/readonlyPaths"))).contains("/proc/sys");
        assertThat(spec.at("/linux/seccomp").isMissingNode()).isTrue();
        List<String> mounts = new ArrayList<>();
        spec.at("/mounts").forEach(m -> mounts.add(m.get("destination").asString() + " "
                + m.get("source").asString().replace(dir.toString(), "D") + " "
                + String.join(",", strings(m.get("options")))));
        assertThat(mounts).containsExactly(
                "/proc proc nosuid,noexec,nodev",
                "/dev tmpfs nosuid,strictatime,mode=755,size=65536k",
                "/dev/pts devpts nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5",
                "/dev/mqueue mqueue nosuid,noexec,nodev",
                "/sys sysfs nosuid,noexec,nodev,ro",
                "/sys/fs/cgroup cgroup nosuid,noexec,nodev,relatime,ro",
                "/etc/hosts D/hosts rbind,rprivate,rw",
                "/etc/hostname D/hostname rbind,rprivate,rw",
                "/etc/resolv.conf D/resolv.conf rbind,rprivate,rw",
                "/dev/shm D/shm rbind,rprivate,rw",
                "/dev/termination-log D/termination-log rbind,rprivate,rw",
                "/var/data D/volumes/data rbind,rprivate,rw",
                "/etc/app D/volumes/conf rbind,rprivate,ro",
                "/var/data/cache/sub D/volumes/data/cache rbind,rprivate,rw");
        assertThat(Files.isDirectory(dir.resolve("volumes/data/cache"))).isTrue();
    }

    @Test
    void theHostNetworkMeansNoNetworkOrUtsNamespaceAndNoHostname() throws IOException {
        ObjectNode spec = build(container(List.of("sh"), List.of(), LinuxContainerSecurity.none()),
                pod(true, true, true), IMAGE);
        List<String> namespaces = new ArrayList<>();
        spec.at("/linux/namespaces").forEach(n -> namespaces.add(n.get("type").asString()));
        assertThat(namespaces).doesNotContain("network", "uts", "pid", "ipc").contains("mount");
        assertThat(spec.has("hostname")).isFalse();
        assertThat(strings(spec.at("/process/env"))).doesNotContain("HOSTNAME=web-0");
        assertThat(spec.at("/mounts").findValuesAsString("source")).contains("/dev/shm");
    }

    @Test
    void aSharedPidNamespaceIsJoinedByPath() throws IOException {
        OciSpecInput base = input(container(List.of("sh"), List.of(), LinuxContainerSecurity.none()),
                pod(false, false, false), IMAGE);
        OciSpecInput shared = new OciSpecInput(base.sandbox(), base.container(), base.image(), "b", base.rootfs(),
                base.netnsPath(), "/proc/42/ns/pid", null, null, null, null, null, null, base.volumePaths());
        ObjectNode spec = ((Resolved.Ok<OciSpec>) OciSpecs.build(shared)).value().json();
        assertThat(spec.at("/linux/namespaces/1/type").asString()).isEqualTo("pid");
        assertThat(spec.at("/linux/namespaces/1/path").asString()).isEqualTo("/proc/42/ns/pid");
        assertThat(spec.at("/linux/namespaces/2").has("path")).isFalse();
        assertThat(spec.at("/mounts").findValuesAsString("destination")).contains("/dev/shm")
                .doesNotContain("/etc/hosts");
    }

    @Test
    void privilegedContainersGetEverythingAndNoFilters() throws IOException {
        LinuxContainerSecurity sc = new LinuxContainerSecurity(OptionalLong.empty(), OptionalLong.empty(), List.of(),
                false, true, true, List.of(), List.of(), false, new SeccompProfile.RuntimeDefault(), false);
        ObjectNode spec = build(container(List.of("sh"), List.of(), sc), pod(false, false, false), IMAGE);
        assertThat(spec.at("/linux/maskedPaths").isMissingNode()).isTrue();
        assertThat(spec.at("/linux/readonlyPaths").isMissingNode()).isTrue();
        assertThat(spec.at("/linux/seccomp").isMissingNode()).isTrue();
        assertThat(spec.at("/linux/resources/devices/0/allow").asBoolean()).isTrue();
        assertThat(spec.at("/linux/devices").findValuesAsString("path")).contains("/dev/null");
        assertThat(strings(spec.at("/process/capabilities/bounding"))).contains("CAP_SYS_ADMIN");
        assertThat(spec.at("/root/readonly").asBoolean()).isTrue();
        assertThat(spec.at("/mounts").findValues("options").stream().filter(o -> strings(o).contains("relatime"))
                .map(OciSpecsTest::strings).findFirst().orElseThrow()).contains("rw");
    }

    @Test
    void runtimeDefaultSeccompRefusesNamespacesAndMountsUnlessSysAdmin() throws IOException {
        LinuxContainerSecurity sc = new LinuxContainerSecurity(OptionalLong.empty(), OptionalLong.empty(), List.of(),
                false, false, false, List.of(), List.of(), true, new SeccompProfile.RuntimeDefault(), false);
        ObjectNode spec = build(container(List.of("sh"), List.of(), sc), pod(false, false, false), IMAGE);
        assertThat(spec.at("/process/noNewPrivileges").asBoolean()).isTrue();
        JsonNode seccomp = spec.at("/linux/seccomp");
        assertThat(seccomp.get("defaultAction").asString()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(strings(seccomp.get("architectures"))).isNotEmpty();
        assertThat(strings(seccomp.at("/syscalls/0/names"))).contains("mount", "unshare", "setns", "reboot",
                "kexec_load", "init_module", "ptrace", "bpf", "keyctl").doesNotContain("chroot", "read");
        List<String> withSysAdmin = strings(SeccompProfiles.runtimeDefault(List.of("CAP_SYS_ADMIN"))
                .at("/syscalls/0/names"));
        assertThat(withSysAdmin).doesNotContain("mount", "unshare").contains("reboot");
    }

    @Test
    void localhostProfilesInMobyFormatAreConvertedForThisMachine() throws IOException {
        Path profile = dir.resolve("profile.json");
        String arch = SeccompProfiles.architectures().get(0);
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                 "archMap": [{"architecture": "%s", "subArchitectures": ["SCMP_ARCH_X86"]},
                             {"architecture": "SCMP_ARCH_MIPS", "subArchitectures": []}],
                 "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                              {"names": ["chown"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]}}]}
                """.formatted(arch));
        ObjectNode out = ((Resolved.Ok<ObjectNode>) SeccompProfiles.localhost(profile, List.of("CAP_CHOWN")))
                .value();
        assertThat(out.get("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(strings(out.get("architectures"))).containsExactly(arch, "SCMP_ARCH_X86");
        assertThat(out.findValues("names").stream().flatMap(n -> strings(n).stream()).toList())
                .containsExactly("read", "write", "chown");
        assertThat(SeccompProfiles.localhost(dir.resolve("missing.json"), List.of()))
                .isInstanceOf(Resolved.Invalid.class);
    }

    @Test
    void subPathsMayNotLeaveTheirVolume() throws IOException {
        Path volume = Files.createDirectories(dir.resolve("vol"));
        Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(volume.resolve("escape"), dir.resolve("outside"));
        Files.createSymbolicLink(volume.resolve("inner"), Path.of("sub"));
        Files.createDirectories(volume.resolve("sub"));
        Path real = volume.toRealPath();
        assertThat(SubPaths.volumeSubPath(volume, "escape")).isEqualTo(new Resolved.Invalid<>(
                "CreateContainerConfigError", "error opening subpath " + real.resolve("escape") + ": path "
                        + dir.resolve("outside").toRealPath() + " is outside of allowed base " + real));
        assertThat(SubPaths.volumeSubPath(volume, "escape/new/dir")).isInstanceOf(Resolved.Invalid.class);
        assertThat(Files.exists(dir.resolve("outside/new"))).isFalse();
        assertThat(SubPaths.volumeSubPath(volume, "../x")).isEqualTo(new Resolved.Invalid<>(
                "CreateContainerConfigError", "unable to provision SubPath `../x`: must not contain '..'"));
        assertThat(SubPaths.volumeSubPath(volume, "/etc")).isEqualTo(new Resolved.Invalid<>(
                "CreateContainerConfigError", "error SubPath `/etc` must not be an absolute path"));
        assertThat(SubPaths.volumeSubPath(volume, "inner")).isEqualTo(new Resolved.Ok<>(real.resolve("sub")));
        assertThat(SubPaths.volumeSubPath(volume, "a/b")).isEqualTo(new Resolved.Ok<>(real.resolve("a/b")));
    }

    @Test
    void aMountOfAnUnknownVolumeIsAConfigError() throws IOException {
        OciSpecInput base = input(container(List.of("sh"), List.of(), LinuxContainerSecurity.none()),
                pod(false, false, false), IMAGE);
        OciSpecInput missing = new OciSpecInput(base.sandbox(), base.container(), base.image(), "b", base.rootfs(),
                null, null, null, null, null, null, null, null, Map.of("data", dir));
        assertThat(OciSpecs.build(missing)).isEqualTo(new Resolved.Invalid<>("CreateContainerConfigError",
                "cannot find volume \"conf\" to mount into container \"app\""));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1} {2}")
    @CsvSource({"'', SIGTERM, 15", "SIGQUIT, SIGQUIT, 3", "quit, SIGQUIT, 3", "9, SIGKILL, 9", "SIGWINCH, SIGWINCH, 28",
        "RTMIN+3, SIGRTMIN+3, 37", "SIGRTMAX, SIGRTMIN+30, 64", "SIGBOGUS, SIGTERM, 15", "99, SIGTERM, 15"})
    void stopSignalsComeFromTheImageOrDefaultToSigterm(String image, String name, int number) {
        assertThat(StopSignals.resolve(image)).isEqualTo(new StopSignal(name, number));
    }

    private static OptionalLong number(String s) {
        return s == null || s.equals("-") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
    }
}
