package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/** A container's requests and limits as the API server would have defaulted them. */
final class Requests {
    private Requests() {}

    // k/k pkg/apis/core/v1/defaults.go SetDefaults_Pod: a limit without a request makes the request equal the limit.
    static Map<String, Quantity> requests(Container c) {
        Map<String, Quantity> out = new HashMap<>(limits(c));
        if (c.getResources() != null && c.getResources().getRequests() != null) {
            out.putAll(c.getResources().getRequests());
        }
        return out;
    }

    static Map<String, Quantity> limits(Container c) {
        return c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                : c.getResources().getLimits();
    }

    /** k8s.io/apimachinery resource.Quantity MilliValue: thousandths, rounded up. */
    static long milli(Quantity q) {
        return q == null ? 0 : q.getNumericalAmount().movePointRight(3).setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    /** k8s.io/apimachinery resource.Quantity Value: whole units, rounded up. */
    static long value(Quantity q) {
        return q == null ? 0 : q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
