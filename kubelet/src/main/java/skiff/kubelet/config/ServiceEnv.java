package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables Services give every container: {@code NAME_SERVICE_HOST}, {@code NAME_SERVICE_PORT} (and one per
 * named port) and the Docker-links style {@code NAME_PORT...} ones, for the Services of the pod's namespace when
 * the pod enables service links, and for the {@code kubernetes} Service of {@code default} always.
 */
public final class ServiceEnv {
    private static final String MASTER_NAMESPACE = "default";
    private static final String MASTER_SERVICE = "kubernetes";

    private ServiceEnv() {}

    /**
     * The variables for a pod of {@code namespace}, in a stable order (by Service name, then as declared).
     *
     * @param services the Services known, of any namespace
     */
    public static Map<String, String> of(Collection<Service> services, String namespace, boolean enableServiceLinks) {
        // k/k 1.32 pkg/kubelet/kubelet_pods.go getServiceEnvVarMap: Services with a cluster IP only; default's
        // kubernetes Service always, the pod namespace's Services with service links, a namespace's own Service of
        // the same name replacing the master one.
        Map<String, Service> byName = new TreeMap<>();
        for (Service service : services) {
            if (!hasClusterIp(service)) {
                continue;
            }
            String name = service.getMetadata().getName();
            String ns = service.getMetadata().getNamespace();
            if (MASTER_NAMESPACE.equals(ns) && MASTER_SERVICE.equals(name)) {
                byName.putIfAbsent(name, service);
            } else if (namespace.equals(ns) && enableServiceLinks) {
                byName.put(name, service);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        byName.values().forEach(service -> addVariables(service, env));
        return env;
    }

    // k/k 1.32 pkg/apis/core/v1/helper/helpers.go IsServiceIPSet: neither headless ("None") nor without one
    // (ExternalName).
    private static boolean hasClusterIp(Service service) {
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !ip.equals("None");
    }

    // k/k 1.32 pkg/kubelet/envvars/envvars.go FromServices, makeLinkVariables: the name upper-cased with dashes as
    // underscores; the first port is the unnamed SERVICE_PORT and the Docker special case NAME_PORT.
    private static void addVariables(Service service, Map<String, String> env) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        if (ports.isEmpty()) {
            return;
        }
        String prefix = variableName(service.getMetadata().getName());
        String ip = service.getSpec().getClusterIP();
        env.put(prefix + "_SERVICE_HOST", ip);
        env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
        for (ServicePort port : ports) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + variableName(port.getName()), String.valueOf(port.getPort()));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
            String scheme = protocol.toLowerCase(Locale.ROOT);
            String url = scheme + "://" + hostPort(ip, port.getPort());
            if (i == 0) {
                env.put(prefix + "_PORT", url);
            }
            String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(portPrefix, url);
            env.put(portPrefix + "_PROTO", scheme);
            env.put(portPrefix + "_PORT", String.valueOf(port.getPort()));
            env.put(portPrefix + "_ADDR", ip);
        }
    }

    private static String variableName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    // Go's net.JoinHostPort: an IPv6 address in brackets.
    private static String hostPort(String ip, int port) {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }
}
