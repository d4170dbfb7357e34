package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the API server whether a caller of the kubelet's API may make a request, with a SubjectAccessReview of the
 * node's subresource the path maps to (k/k pkg/kubelet/server/auth.go GetRequestAttributes and
 * --authorization-mode=Webhook, 1.32): {@code /stats/...} is {@code nodes/stats}, {@code /metrics/...}
 * {@code nodes/metrics}, {@code /logs/...} {@code nodes/log}, {@code /checkpoint/...} {@code nodes/checkpoint}, any
 * other path {@code nodes/proxy}; the verb is the API verb of the HTTP method.
 */
public final class KubeletAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletAuthorizer.class);
    private final KubernetesClient client;
    private final String nodeName;

    public KubeletAuthorizer(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** The node subresource a request path needs. */
    static String subresource(String path) {
        if (isSubpath(path, "/stats")) {
            return "stats";
        }
        if (isSubpath(path, "/metrics")) {
            return "metrics";
        }
        if (isSubpath(path, "/logs")) {
            return "log";
        }
        if (isSubpath(path, "/checkpoint")) {
            return "checkpoint";
        }
        return "proxy";
    }

    /** The API verb of an HTTP method, "" for one that has none. */
    static String verb(String method) {
        return switch (method) {
            case "POST" -> "create";
            case "GET" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
    }

    // auth.go isSubpath: the path itself or below it, not a longer name ("/metricsfoo").
    private static boolean isSubpath(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /**
     * Whether {@code caller} may {@code verb} this node's {@code subresource}; no answer is no. Members of
     * {@code system:masters} are not asked about, as the API server's authorizer allows them everything.
     */
    public boolean allowed(Caller caller, String verb, String subresource) {
        if (caller.isMaster()) {
            return true;
        }
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(caller.user())
                .withGroups(caller.groups()).withNewResourceAttributes().withVerb(verb).withResource("nodes")
                .withSubresource(subresource).withName(nodeName).endResourceAttributes().endSpec().build();
        try {
            SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
            return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            LOG.warn("cannot authorize user={} on nodes/{}: {}", caller.user(), subresource, e.getMessage());
            return false;
        }
    }

    /** The kubelet's 403 body (server.go InstallAuthFilter). */
    static String forbidden(Caller caller, String verb, String subresource) {
        return "Forbidden (user=" + caller.user() + ", verb=" + verb + ", resource=nodes, subresource(s)=["
                + subresource + "])\n";
    }
}
