package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Container resources exposed through the downward API (k/k pkg/api/v1/resource helpers.go
 * ExtractContainerResourceValue: the value divided by the divisor, rounded up). An unset limit would be the node's
 * allocatable in Kubernetes; here it is 0, as the process runtime enforces no limits.
 */
final class ResourceFieldRefs {
    private ResourceFieldRefs() {}

    static String value(Container c, ResourceFieldSelector ref) {
        String resource = ref.getResource();
        Map<String, Quantity> source = resource.startsWith("limits.")
                ? c.getResources() == null ? null : c.getResources().getLimits()
                : c.getResources() == null ? null : c.getResources().getRequests();
        String name = resource.substring(resource.indexOf('.') + 1);
        Quantity q = source == null ? null : source.get(name);
        if (q == null) {
            return "0";
        }
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return q.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }
}
