package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** Resolves a Service port's {@code targetPort} on one pod. */
public final class TargetPorts {
    private static final String TCP = "TCP";

    private TargetPorts() {}

    /**
     * The pod's port number for {@code servicePort}, or empty when a named target port is on none of its containers
     * (k/k pkg/api/v1/pod/util.go (1.32) FindPort: a number is taken as is; a name is looked up, with the Service
     * port's protocol, in the containers' ports and then in the sidecars', init containers with restartPolicy
     * Always). An unset target port is the port itself, as the API server defaults it.
     */
    public static OptionalInt find(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        String protocol = protocol(servicePort.getProtocol());
        if (pod.getSpec() == null) {
            return OptionalInt.empty();
        }
        OptionalInt found = inContainers(pod.getSpec().getContainers(), name, protocol, false);
        return found.isPresent() ? found : inContainers(pod.getSpec().getInitContainers(), name, protocol, true);
    }

    private static OptionalInt inContainers(List<Container> containers, String name, String protocol,
            boolean sidecarsOnly) {
        if (containers == null) {
            return OptionalInt.empty();
        }
        for (Container container : containers) {
            if (sidecarsOnly && !"Always".equals(container.getRestartPolicy())) {
                continue;
            }
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (Objects.equals(port.getName(), name) && protocol(port.getProtocol()).equals(protocol)
                        && port.getContainerPort() != null) {
                    return OptionalInt.of(port.getContainerPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** A protocol as the API server defaults it: TCP when unset. */
    public static String protocol(String protocol) {
        return protocol == null || protocol.isEmpty() ? TCP : protocol;
    }
}
