package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import skiff.kubelet.runtime.QosClass;

/** A pod's QoS class from its containers' cpu and memory requests and limits. */
final class QosClasses {
    private static final List<String> COMPUTE = List.of("cpu", "memory");

    private QosClasses() {}

    // k/k pkg/apis/core/v1/helper/qos/qos.go GetPodQOS (1.32): only positive cpu/memory quantities count; no requests
    // or limits at all is BestEffort; Guaranteed needs cpu and memory limits in every container, with the summed
    // requests equal to the summed limits; anything else is Burstable.
    static QosClass of(Pod pod) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (Container c : containers(pod).toList()) {
            add(Requests.requests(c), requests);
            Map<String, BigDecimal> found = new HashMap<>();
            add(Requests.limits(c), found);
            found.forEach((k, v) -> limits.merge(k, v, BigDecimal::add));
            if (!found.keySet().containsAll(COMPUTE)) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return QosClass.BEST_EFFORT;
        }
        if (guaranteed) {
            for (var e : requests.entrySet()) {
                BigDecimal limit = limits.get(e.getKey());
                if (limit == null || limit.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? QosClass.GUARANTEED : QosClass.BURSTABLE;
    }

    /** Init and app containers (ephemeral ones have no resources). */
    static Stream<Container> containers(Pod pod) {
        var spec = pod.getSpec();
        return Stream.concat(spec.getInitContainers() == null ? Stream.of() : spec.getInitContainers().stream(),
                spec.getContainers() == null ? Stream.of() : spec.getContainers().stream());
    }

    private static void add(Map<String, Quantity> from, Map<String, BigDecimal> into) {
        from.forEach((name, q) -> {
            if (COMPUTE.contains(name) && q.getNumericalAmount().signum() > 0) {
                into.merge(name, q.getNumericalAmount(), BigDecimal::add);
            }
        });
    }
}
