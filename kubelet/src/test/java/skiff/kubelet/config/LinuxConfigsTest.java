package skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.LinuxContainerSecurity;
import skiff.kubelet.runtime.LinuxResources;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.QosClass;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.SeccompProfile;

class LinuxConfigsTest {
    private static final long GI = 1L << 30;
    private static final NodeSettings NODE = new NodeSettings("skiff", 8 * GI, 1024, Path.of("/var/lib/k"), false);
    private static final ApiObjects NONE = new ApiObjects() {
        @Override
        public Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<io.fabric8.kubernetes.api.model.Secret> secret(String namespace, String name) {
            return Optional.empty();
        }
    };

    /** A container with "cpuReq/memReq/cpuLim/memLim", "-" for unset. */
    private static Container container(String name, String resources) {
        String[] r = resources.split("/");
        var b = new ContainerBuilder().withName(name).withImage("busybox").withNewResources().endResources();
        Container c = b.build();
        if (!r[0].equals("-")) {
            c.getResources().getRequests().put("cpu", new Quantity(r[0]));
        }
        if (!r[1].equals("-")) {
            c.getResources().getRequests().put("memory", new Quantity(r[1]));
        }
        if (!r[2].equals("-")) {
            c.getResources().getLimits().put("cpu", new Quantity(r[2]));
        }
        if (!r[3].equals("-")) {
            c.getResources().getLimits().put("memory", new Quantity(r[3]));
        }
        return c;
    }

    private static Pod pod(Container... containers) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u1").endMetadata()
                .withNewSpec().withContainers(containers).endSpec().build();
    }

    private static ContainerConfig config(Pod pod, Container c) {
        return ((Resolved.Ok<ContainerConfig>) ContainerConfigs.of(new ContainerConfigs.Context(pod, "10.1.0.2",
                "10.0.0.1", NONE, NODE), c, 0, "h")).value();
    }

    private static SandboxConfig sandbox(Pod pod) {
        return ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(new ContainerConfigs.Context(pod, "10.1.0.2",
                "10.0.0.1", NONE, NODE))).value();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "-/-/-/-,         ,               BEST_EFFORT",
        "100m/-/-/-,      ,               BURSTABLE",
        "-/-/1/1Gi,       ,               GUARANTEED",   // requests default to limits
        "1/1Gi/1/1Gi,     ,               GUARANTEED",
        "500m/1Gi/1/1Gi,  ,               BURSTABLE",    // request below limit
        "-/-/1/-,         ,               BURSTABLE",    // no memory limit
        "1/1Gi/1/1Gi,     -/-/-/-,        BURSTABLE",    // a second container without limits
        "1/1Gi/1/1Gi,     2/2Gi/2/2Gi,    GUARANTEED",
        "0/0/-/-,         ,               BEST_EFFORT",  // zero quantities do not count
    })
    void theQosClassFollowsGetPodQos(String first, String second, QosClass expected) {
        Pod pod = second == null ? pod(container("a", first)) : pod(container("a", first), container("b", second));
        assertThat(QosClasses.of(pod)).isEqualTo(expected);
        assertThat(sandbox(pod).linux().qos()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}m -> {1} shares, quota {2}")
    @CsvSource({"0, 2, 0", "1, 2, 1000", "5, 5, 1000", "10, 10, 1000", "100, 102, 10000", "250, 256, 25000",
        "1000, 1024, 100000", "2500, 2560, 250000", "300000, 262144, 30000000"})
    void cpuMillisBecomeSharesAndQuota(long milli, long shares, long quota) {
        assertThat(CgroupResources.milliCpuToShares(milli)).isEqualTo(shares);
        assertThat(CgroupResources.milliCpuToQuota(milli, 100_000)).isEqualTo(quota);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-/-/-/-,           2, 0, 0, 0",
        "250m/64Mi/-/-,     256, 0, 0, 0",
        "250m/64Mi/500m/128Mi, 256, 50000, 100000, 134217728",
        "-/-/2/1Gi,         2048, 200000, 100000, 1073741824",
    })
    void containerResourcesComeFromRequestsAndLimits(String resources, long shares, long quota, long period,
            long memory) {
        Container c = container("app", resources);
        assertThat(config(pod(c), c).linux().resources())
                .isEqualTo(new LinuxResources(shares, quota, period, memory, 0));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "-/-/-/-,        ,              2, 0, 0, 1000",        // best effort: minimum shares only
        "1/1Gi/1/1Gi,    2/1Gi/2/1Gi,   3072, 300000, 2147483648, -997",
        "500m/1Gi/1/-,   250m/-/-/-,    768, 0, 0, 875",        // burstable, not every limit declared
        "500m/1Gi/1/2Gi, 250m/1Gi/1/2Gi, 768, 200000, 4294967296, 875",
    })
    void podLimitsAndOomScoresFollowTheQosClass(String first, String second, long shares, long quota, long memory,
            int firstOomScore) {
        Pod pod = second == null ? pod(container("a", first)) : pod(container("a", first), container("b", second));
        LinuxSandboxConfig linux = sandbox(pod).linux();
        assertThat(linux.podResources()).isEqualTo(new LinuxResources(shares, quota, quota == 0 ? 0 : 100_000,
                memory, 1024));
        assertThat(config(pod, pod.getSpec().getContainers().get(0)).linux().oomScoreAdj()).isEqualTo(firstOomScore);
    }

    @ParameterizedTest(name = "memory request {0} of 8Gi -> {1}")
    @CsvSource({"1, 999", "1Gi, 875", "4Gi, 500", "8Gi, 3", "16Gi, 3"})
    void burstableOomScoresScaleWithTheMemoryRequest(String request, int score) {
        Container c = container("a", "-/" + request + "/-/-");
        assertThat(config(pod(c), c).linux().oomScoreAdj()).isEqualTo(score);
    }

    @Test
    void cgroupParentsFollowTheKubeletLayoutUnderTheRoot() {
        assertThat(sandbox(pod(container("a", "-/-/-/-"))).linux().cgroupParent())
                .isEqualTo("/skiff/kubepods/besteffort/podu1");
        assertThat(sandbox(pod(container("a", "1m/-/-/-"))).linux().cgroupParent())
                .isEqualTo("/skiff/kubepods/burstable/podu1");
        assertThat(sandbox(pod(container("a", "1/1Gi/1/1Gi"))).linux().cgroupParent())
                .isEqualTo("/skiff/kubepods/podu1");
        assertThat(CgroupResources.cgroupParent("/other/", QosClass.BURSTABLE, "x"))
                .isEqualTo("/other/kubepods/burstable/podx");
    }

    @Test
    void theContainerSecurityContextWinsOverThePodsAndGroupsStartWithFsGroup() {
        Container c = new ContainerBuilder().withName("app").withImage("busybox")
                .withSecurityContext(new SecurityContextBuilder().withRunAsUser(2000L).withReadOnlyRootFilesystem(true)
                        .withNewCapabilities().withAdd("NET_ADMIN").withDrop("ALL").endCapabilities()
                        .withAllowPrivilegeEscalation(false).withNewSeccompProfile().withType("Localhost")
                        .withLocalhostProfile("profiles/audit.json").endSeccompProfile().build())
                .build();
        Pod pod = pod(c);
        pod.getSpec().setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(3000L)
                .withRunAsNonRoot(true).withFsGroup(4000L).withSupplementalGroups(5000L, 5001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build());
        ContainerConfig config = config(pod, c);
        assertThat(config.linux().security()).isEqualTo(new LinuxContainerSecurity(OptionalLong.of(2000),
                OptionalLong.of(3000), List.of(4000L, 5000L, 5001L), true, true, false, List.of("NET_ADMIN"),
                List.of("ALL"), true, new SeccompProfile.Localhost(Path.of("/var/lib/k/seccomp/profiles/audit.json")),
                false));
    }

    @ParameterizedTest(name = "allowPrivilegeEscalation={0} privileged={1} add={2} -> no_new_privs {3}")
    @CsvSource({", false, , false", "true, false, , false", "false, false, , true", "false, true, , false",
        "false, false, SYS_ADMIN, false", "false, false, NET_ADMIN, true"})
    void noNewPrivilegesOnlyWhenEscalationIsExplicitlyDisallowed(Boolean allow, boolean privileged, String add,
            boolean expected) {
        var sc = new SecurityContextBuilder().withAllowPrivilegeEscalation(allow).withPrivileged(privileged);
        if (add != null) {
            sc.withNewCapabilities().withAdd(add).endCapabilities();
        }
        Container c = new ContainerBuilder().withName("app").withImage("busybox").withSecurityContext(sc.build())
                .build();
        assertThat(config(pod(c), c).linux().security().noNewPrivileges()).isEqualTo(expected);
    }

    @Test
    void seccompDefaultsToUnconfinedOrToTheKubeletsDefault() {
        Container c = container("a", "-/-/-/-");
        assertThat(config(pod(c), c).linux().security().seccomp()).isEqualTo(new SeccompProfile.Unconfined());
        ContainerConfig withDefault = ((Resolved.Ok<ContainerConfig>) ContainerConfigs.of(new ContainerConfigs.Context(
                pod(c), "", "", NONE, new NodeSettings("skiff", GI, -1, Path.of("/k"), true)), c, 0, "h")).value();
        assertThat(withDefault.linux().security().seccomp()).isEqualTo(new SeccompProfile.RuntimeDefault());
    }

    @Test
    void safeSysctlsPassAndOthersAreForbidden() {
        Pod pod = pod(container("a", "-/-/-/-"));
        pod.getSpec().setSecurityContext(new PodSecurityContextBuilder().addNewSysctl()
                .withName("net/ipv4/ip_local_port_range").withValue("1024 65000").endSysctl().addNewSysctl()
                .withName("kernel.shm_rmid_forced").withValue("1").endSysctl().build());
        assertThat(sandbox(pod).linux().sysctls()).containsExactly(
                Map.entry("net.ipv4.ip_local_port_range", "1024 65000"), Map.entry("kernel.shm_rmid_forced", "1"));

        pod.getSpec().getSecurityContext().getSysctls().get(0).setName("net.core.somaxconn");
        assertThat(SandboxConfigs.of(new ContainerConfigs.Context(pod, "", "", NONE, NODE)))
                .isEqualTo(new Resolved.Invalid<>("SysctlForbidden",
                        "forbidden sysctl: \"net.core.somaxconn\" not allowlisted"));

        pod.getSpec().getSecurityContext().getSysctls().get(0).setName("net.ipv4.tcp_syncookies");
        pod.getSpec().setHostNetwork(true);
        assertThat(SandboxConfigs.of(new ContainerConfigs.Context(pod, "", "", NONE, NODE)))
                .isEqualTo(new Resolved.Invalid<>("SysctlForbidden",
                        "forbidden sysctl: \"net.ipv4.tcp_syncookies\" not allowed with host net enabled"));
    }

    @Test
    void hostNamespacesTtyAndTerminationPathAreCarried() {
        Container c = new ContainerBuilder().withName("app").withImage("registry.local/app:1").withTty(true)
                .withStdin(true).withStdinOnce(true).withTerminationMessagePath("/tmp/done").build();
        Pod pod = pod(c);
        pod.getSpec().setHostNetwork(true);
        pod.getSpec().setHostPID(true);
        pod.getSpec().setShareProcessNamespace(true);
        ContainerConfig config = config(pod, c);
        assertThat(config.image()).isEqualTo("registry.local/app:1");
        assertThat(List.of(config.tty(), config.stdin(), config.stdinOnce())).containsOnly(true);
        assertThat(config.terminationMessagePath()).isEqualTo("/tmp/done");
        LinuxSandboxConfig linux = sandbox(pod).linux();
        assertThat(List.of(linux.hostNetwork(), linux.hostPid(), linux.hostIpc(), linux.shareProcessNamespace()))
                .containsExactly(true, true, false, true);
        Container plain = container("b", "-/-/-/-");
        assertThat(config(pod(plain), plain).terminationMessagePath()).isEqualTo("/dev/termination-log");
    }
}
