package skiff.kubelet.network;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import skiff.api.validation.NameValidation;

/**
 * A pod's host name and domain (k/k 1.32 pkg/kubelet/kubelet_pods.go GeneratePodHostNameAndDomain): the pod's name
 * or {@code spec.hostname}, cut to 63 characters without a trailing '-' or '.'; with {@code spec.subdomain} the
 * domain {@code SUBDOMAIN.NAMESPACE.svc.CLUSTER_DOMAIN}, else none.
 *
 * @param domain empty when the pod has no subdomain
 */
public record PodHostname(String hostname, String domain) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    private static final int MAX_HOSTNAME = 63;

    /** @throws IllegalArgumentException with the kubelet's message when hostname or subdomain is not a DNS label */
    public static PodHostname of(Pod pod, String clusterDomain) {
        String name = pod.getMetadata().getName();
        String hostname = name;
        String requested = pod.getSpec().getHostname();
        if (requested != null && !requested.isEmpty()) {
            requireLabel("Hostname", requested);
            hostname = requested;
        }
        if (hostname.length() > MAX_HOSTNAME) {
            hostname = hostname.substring(0, MAX_HOSTNAME).replaceAll("[-.]+$", "");
            if (hostname.isEmpty()) {
                throw new IllegalArgumentException("hostname for pod \"" + name + "\" was invalid: \"" + name + "\"");
            }
        }
        String subdomain = pod.getSpec().getSubdomain();
        String domain = "";
        if (subdomain != null && !subdomain.isEmpty()) {
            requireLabel("Subdomain", subdomain);
            domain = subdomain + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain;
        }
        return new PodHostname(hostname, domain);
    }

    /** The fully qualified name, or the host name alone without a domain. */
    public String fqdn() {
        return domain.isEmpty() ? hostname : hostname + "." + domain;
    }

    private static void requireLabel(String field, String value) {
        List<String> problems = NameValidation.isDns1123Label(value);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("pod " + field + " \"" + value + "\" is not a valid DNS label: "
                    + String.join(";", problems));
        }
    }
}
