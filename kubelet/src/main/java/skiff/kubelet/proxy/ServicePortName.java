package skiff.kubelet.proxy;

import java.util.Comparator;
import java.util.Locale;

/**
 * One port of one Service, the unit kube-proxy programs (k/k pkg/proxy/types.go ServicePortName, 1.32).
 *
 * @param port the Service port's name ("" when the Service has a single unnamed port)
 * @param protocol TCP, UDP or SCTP
 */
public record ServicePortName(String namespace, String name, String port, String protocol)
        implements Comparable<ServicePortName> {
    private static final Comparator<ServicePortName> ORDER = Comparator.comparing(ServicePortName::namespace)
            .thenComparing(ServicePortName::name).thenComparing(ServicePortName::port)
            .thenComparing(ServicePortName::protocol);

    /** The form kube-proxy puts in its chain names: {@code ns/name/tcp/port}. */
    public String chainSuffix() {
        return namespace + "/" + name + "/" + protocol.toLowerCase(Locale.ROOT) + "/" + port;
    }

    @Override
    public int compareTo(ServicePortName other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
    }
}
