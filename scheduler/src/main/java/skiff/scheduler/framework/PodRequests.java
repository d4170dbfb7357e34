package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * What a pod asks of a node. k/k staging component-helpers resource/helpers.go PodRequests: the larger of the app
 * containers' sum and the largest init container (sidecars, init containers with restartPolicy Always, keep
 * running and add to both), plus the pod overhead.
 */
public final class PodRequests {
    // k/k pkg/scheduler/util/pod_resources.go: what scoring assumes for a container without cpu or memory requests.
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {}

    /** The requests the NodeResourcesFit filter checks and nodes account for. */
    public static Resources of(Pod pod) {
        return compute(pod, false);
    }

    /**
     * The requests scoring uses: a container that requests no cpu (or memory) counts as 100m (or 200Mi)
     * (k/k pkg/scheduler/framework/types.go NonZeroRequested).
     */
    public static Resources nonZero(Pod pod) {
        return compute(pod, true);
    }

    private static Resources compute(Pod pod, boolean nonZero) {
        Resources apps = Resources.NONE;
        for (Container c : pod.getSpec().getContainers()) {
            apps = apps.plus(container(c, nonZero));
        }
        Resources sidecars = Resources.NONE;
        Resources init = Resources.NONE;
        for (Container c : orEmpty(pod.getSpec().getInitContainers())) {
            Resources r = container(c, nonZero);
            if ("Always".equals(c.getRestartPolicy())) {
                sidecars = sidecars.plus(r);
                init = init.max(sidecars);
            } else {
                init = init.max(r.plus(sidecars));
            }
        }
        Resources total = apps.plus(sidecars).max(init);
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        return total.plus(Resources.of(overhead));
    }

    private static Resources container(Container c, boolean nonZero) {
        ResourceRequirements rr = c.getResources();
        Resources r = Resources.of(rr == null ? null : rr.getRequests());
        if (!nonZero) {
            return r;
        }
        Map<String, Quantity> requests = rr == null ? null : rr.getRequests();
        boolean hasCpu = requests != null && requests.containsKey("cpu");
        boolean hasMemory = requests != null && requests.containsKey("memory");
        return new Resources(hasCpu ? r.milliCpu() : DEFAULT_MILLI_CPU, hasMemory ? r.memory() : DEFAULT_MEMORY,
                r.ephemeralStorage());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
