package skiff.kubelet.lifecycle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.OptionalInt;

/** A handler's port: a number, or the name of one of the container's ports (k/k pkg/kubelet/prober prober.go). */
final class Ports {
    private Ports() {}

    static OptionalInt resolve(IntOrString port, Container container) {
        if (port == null) {
            return OptionalInt.empty();
        }
        if (port.getIntVal() != null) {
            return OptionalInt.of(port.getIntVal());
        }
        String name = port.getStrVal();
        for (ContainerPort p : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
            if (name.equals(p.getName())) {
                return OptionalInt.of(p.getContainerPort());
            }
        }
        try {
            return OptionalInt.of(Integer.parseInt(name));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
