package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import skiff.kubelet.runtime.LinuxResources;
import skiff.kubelet.runtime.QosClass;

/** Cgroup limits, OOM scores and the cgroup layout the kubelet derives from a pod's resources. */
final class CgroupResources {
    // k/k pkg/kubelet/cm/helpers_linux.go: MinShares, MaxShares, SharesPerCPU, MilliCPUToCPU, QuotaPeriod, MinQuotaPeriod.
    static final long MIN_SHARES = 2;
    static final long MAX_SHARES = 262144;
    static final long SHARES_PER_CPU = 1024;
    static final long QUOTA_PERIOD = 100_000;
    static final long MIN_QUOTA = 1000;
    // k/k pkg/kubelet/qos/policy.go.
    static final int GUARANTEED_OOM_SCORE_ADJ = -997;
    static final int BEST_EFFORT_OOM_SCORE_ADJ = 1000;

    private CgroupResources() {}

    // k/k pkg/kubelet/cm/helpers_linux.go MilliCPUToShares.
    static long milliCpuToShares(long milliCpu) {
        if (milliCpu == 0) {
            return MIN_SHARES;
        }
        long shares = milliCpu * SHARES_PER_CPU / 1000;
        return Math.max(MIN_SHARES, Math.min(MAX_SHARES, shares));
    }

    // k/k pkg/kubelet/cm/helpers_linux.go MilliCPUToQuota: no limit → no quota; at least 1 ms.
    static long milliCpuToQuota(long milliCpu, long period) {
        if (milliCpu == 0) {
            return 0;
        }
        return Math.max(MIN_QUOTA, milliCpu * period / 1000);
    }

    // k/k pkg/kubelet/kuberuntime/kuberuntime_container_linux.go generateLinuxContainerResources (1.32): shares from
    // the cpu request, quota over a 100 ms period from the cpu limit, the memory limit; pids are limited per pod.
    static LinuxResources container(Container c) {
        long cpuLimit = Requests.milli(Requests.limits(c).get("cpu"));
        long quota = milliCpuToQuota(cpuLimit, QUOTA_PERIOD);
        return new LinuxResources(milliCpuToShares(Requests.milli(Requests.requests(c).get("cpu"))), quota,
                quota == 0 ? 0 : QUOTA_PERIOD, Requests.value(Requests.limits(c).get("memory")), 0);
    }

    // k/k pkg/kubelet/cm/helpers_linux.go ResourceConfigForPod (1.32): Guaranteed pods get shares, quota and memory
    // from the pod's totals; Burstable pods get shares, and quota/memory only when every container declares that
    // limit; BestEffort pods get the minimum shares. The kubelet's podPidsLimit applies to every pod.
    static LinuxResources pod(Pod pod, QosClass qos, long podPidsLimit) {
        long pids = Math.max(0, podPidsLimit);
        if (qos == QosClass.BEST_EFFORT) {
            return new LinuxResources(MIN_SHARES, 0, 0, 0, pids);
        }
        List<Container> apps = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        boolean cpuLimited = apps.stream().allMatch(c -> Requests.milli(Requests.limits(c).get("cpu")) > 0);
        boolean memoryLimited = apps.stream().allMatch(c -> Requests.value(Requests.limits(c).get("memory")) > 0);
        long shares = milliCpuToShares(podTotal(pod, "cpu", true, true));
        long quota = milliCpuToQuota(podTotal(pod, "cpu", false, true), QUOTA_PERIOD);
        long memory = podTotal(pod, "memory", false, false);
        boolean guaranteed = qos == QosClass.GUARANTEED;
        boolean withQuota = (guaranteed || cpuLimited) && quota > 0;
        return new LinuxResources(shares, withQuota ? quota : 0, withQuota ? QUOTA_PERIOD : 0,
                guaranteed || memoryLimited ? memory : 0, pids);
    }

    // k/k pkg/api/v1/resource/helpers.go PodRequests/PodLimits: the larger of the app containers' sum and each init
    // container's own value, plus the pod's overhead.
    private static long podTotal(Pod pod, String resource, boolean requests, boolean milli) {
        long apps = 0;
        for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            apps += amount(c, resource, requests, milli);
        }
        long init = 0;
        for (Container c : pod.getSpec().getInitContainers() == null ? List.<Container>of()
                : pod.getSpec().getInitContainers()) {
            init = Math.max(init, amount(c, resource, requests, milli));
        }
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        Quantity extra = overhead == null ? null : overhead.get(resource);
        return Math.max(apps, init) + (milli ? Requests.milli(extra) : Requests.value(extra));
    }

    private static long amount(Container c, String resource, boolean requests, boolean milli) {
        Quantity q = (requests ? Requests.requests(c) : Requests.limits(c)).get(resource);
        return milli ? Requests.milli(q) : Requests.value(q);
    }

    // k/k pkg/kubelet/qos/policy.go GetContainerOOMScoreAdjust (1.32): node-critical and Guaranteed pods -997,
    // BestEffort 1000, Burstable 1000 - 1000 * memory request / node memory, kept within 3..999.
    static int oomScoreAdj(Pod pod, Container c, QosClass qos, long memoryCapacity) {
        if ("system-node-critical".equals(pod.getSpec().getPriorityClassName()) || qos == QosClass.GUARANTEED) {
            return GUARANTEED_OOM_SCORE_ADJ;
        }
        if (qos == QosClass.BEST_EFFORT) {
            return BEST_EFFORT_OOM_SCORE_ADJ;
        }
        long request = Requests.value(Requests.requests(c).get("memory"));
        long adj = memoryCapacity <= 0 ? BEST_EFFORT_OOM_SCORE_ADJ
                : request > Long.MAX_VALUE / 1000 ? 0 : 1000 - 1000 * request / memoryCapacity;
        if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) {
            return 1000 + GUARANTEED_OOM_SCORE_ADJ;
        }
        return adj == BEST_EFFORT_OOM_SCORE_ADJ ? BEST_EFFORT_OOM_SCORE_ADJ - 1 : (int) adj;
    }

    // k/k pkg/kubelet/cm/qos_container_manager_linux.go and pod_container_manager_linux.go (cgroupfs driver):
    // kubepods/pod<uid> for Guaranteed, kubepods/burstable/pod<uid>, kubepods/besteffort/pod<uid>; Skiff nests
    // kubepods under its own root.
    static String cgroupParent(String root, QosClass qos, String podUid) {
        String base = "/" + root.replaceAll("^/+|/+$", "") + "/kubepods";
        return switch (qos) {
            case GUARANTEED -> base + "/pod" + podUid;
            case BURSTABLE -> base + "/burstable/pod" + podUid;
            case BEST_EFFORT -> base + "/besteffort/pod" + podUid;
        };
    }
}
