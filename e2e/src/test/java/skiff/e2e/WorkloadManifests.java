package skiff.e2e;

/**
 * Manifests of the workloads tests apply with kubectl: pods labelled {@code app: NAME}, selected by that label, whose
 * one container sleeps in busybox. {@code podSpec} adds pod spec fields in YAML flow style, e.g.
 * {@code "nodeName: n1, terminationGracePeriodSeconds: 1"}.
 */
public final class WorkloadManifests {
    private WorkloadManifests() {}

    public static String replicaSet(String name, int replicas, String podSpec) {
        return replicated("ReplicaSet", name, replicas, podSpec);
    }

    public static String deployment(String name, int replicas, String podSpec) {
        return replicated("Deployment", name, replicas, podSpec);
    }

    public static String daemonSet(String name, String podSpec) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: %1$s}
                spec:
                  selector: {matchLabels: {app: %1$s}}
                  template: %2$s
                """.formatted(name, template(name, podSpec));
    }

    private static String replicated(String kind, String name, int replicas, String podSpec) {
        return """
                apiVersion: apps/v1
                kind: %1$s
                metadata: {name: %2$s}
                spec:
                  replicas: %3$d
                  selector: {matchLabels: {app: %2$s}}
                  template: %4$s
                """.formatted(kind, name, replicas, template(name, podSpec));
    }

    private static String template(String name, String podSpec) {
        String container = "{name: main, image: busybox, command: [sh, -c, \"exec sleep 3600\"]}";
        return "{metadata: {labels: {app: %s}}, spec: {%s, containers: [%s]}}".formatted(name, podSpec, container);
    }
}
