package skiff.e2e.controllers;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Stands in for the ReplicaSet controller and the kubelet in deployment tests: writes a replica set's status
 * (status subresource) as if its pods existed and became available, or not.
 */
public final class ReplicaSetStatusDriver {
    private final KubernetesClient client;
    private final String namespace;

    public ReplicaSetStatusDriver(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The replica sets whose controller is the named deployment, lowest revision first. */
    public List<ReplicaSet> of(String deployment) {
        return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && deployment.equals(r.getName())))
                .sorted(Comparator.comparingLong(ReplicaSetStatusDriver::revision))
                .toList();
    }

    /** Reports {@code pods} pods of which {@code available} are ready and available. */
    public void report(String name, int pods, int available) {
        for (int attempt = 0; ; attempt++) {
            ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
            // A set never reports more pods than it now asks for: pods beyond that are being deleted.
            int spec = rs.getSpec().getReplicas();
            int reportedPods = Math.min(pods, spec);
            int reportedAvailable = Math.min(available, reportedPods);
            rs.setStatus(new ReplicaSetStatusBuilder().withReplicas(reportedPods).withFullyLabeledReplicas(reportedPods)
                    .withReadyReplicas(reportedAvailable).withAvailableReplicas(reportedAvailable)
                    .withObservedGeneration(rs.getMetadata().getGeneration()).build());
            try {
                client.apps().replicaSets().inNamespace(namespace).resource(rs).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /** Every set of the deployment reports as many available pods as it asks for. */
    public void allAvailable(String deployment) {
        for (ReplicaSet rs : of(deployment)) {
            int spec = rs.getSpec().getReplicas();
            if (!isReported(rs, spec, spec)) {
                report(rs.getMetadata().getName(), spec, spec);
            }
        }
    }

    private static long revision(ReplicaSet rs) {
        var a = rs.getMetadata().getAnnotations();
        return a == null || a.get("deployment.kubernetes.io/revision") == null ? 0
                : Long.parseLong(a.get("deployment.kubernetes.io/revision"));
    }

    static boolean isReported(ReplicaSet rs, int pods, int available) {
        return rs.getStatus() != null && rs.getStatus().getReplicas() != null && rs.getStatus().getReplicas() == pods
                && rs.getStatus().getAvailableReplicas() != null && rs.getStatus().getAvailableReplicas() == available;
    }

    public static int sum(List<ReplicaSet> sets, ToIntFunction<ReplicaSet> f) {
        return sets.stream().mapToInt(f).sum();
    }

    public static int spec(ReplicaSet rs) {
        return rs.getSpec().getReplicas();
    }

    public static int available(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas();
    }
}
