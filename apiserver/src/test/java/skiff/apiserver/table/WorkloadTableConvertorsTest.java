package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cells of the workload resources: replication controllers, replica sets, deployments, stateful and daemon sets, revisions. */
class WorkloadTableConvertorsTest {
    private static final String TEMPLATE = """
            "template": {"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"},
                                                 {"name": "sidecar", "image": "busybox"}]}}""";

    record Case(String name, String group, String resource, String object, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("replication controller with counts, template and label-map selector", "", "replicationcontrollers", """
                        {"metadata": {"name": "web", "creationTimestamp": "2024-05-01T09:00:00Z"},
                         "spec": {"replicas": 3, "selector": {"app": "web"}, %s},
                         "status": {"replicas": 3, "readyReplicas": 2}}""".formatted(TEMPLATE),
                        List.of("web", 3L, 3L, 2L, "3h", "nginx,sidecar", "nginx:1.25,busybox", "app=web")),
                new Case("replication controller without template or status", "", "replicationcontrollers", """
                        {"metadata": {"name": "bare", "creationTimestamp": "2024-05-01T09:00:00Z"}, "spec": {"replicas": 0}}""",
                        List.of("bare", 0L, 0L, 0L, "3h", "", "", "<none>")),
                new Case("replica set with an expression selector", "apps", "replicasets", """
                        {"metadata": {"name": "web-5d4f", "creationTimestamp": "2024-04-30T12:00:00Z"},
                         "spec": {"replicas": 2,
                                  "selector": {"matchLabels": {"app": "web"},
                                               "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]},
                                  %s},
                         "status": {"replicas": 2, "readyReplicas": 1}}""".formatted(TEMPLATE),
                        List.of("web-5d4f", 2L, 2L, 1L, "24h", "nginx,sidecar", "nginx:1.25,busybox", "app=web,tier in (be,fe)")),
                new Case("replica set without spec.replicas gets the default of one", "apps", "replicasets", """
                        {"metadata": {"name": "one", "creationTimestamp": "2024-05-01T11:59:30Z"},
                         "spec": {"selector": {"matchLabels": {"app": "one"}}, %s}}""".formatted(TEMPLATE),
                        List.of("one", 1L, 0L, 0L, "30s", "nginx,sidecar", "nginx:1.25,busybox", "app=one")),
                new Case("deployment shows ready/desired and number counts", "apps", "deployments", """
                        {"metadata": {"name": "web", "creationTimestamp": "2024-04-20T12:00:00Z"},
                         "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, %s},
                         "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}"""
                                .formatted(TEMPLATE),
                        List.of("web", "2/3", 3L, 2L, "11d", "nginx,sidecar", "nginx:1.25,busybox", "app=web")),
                new Case("deployment with an invalid selector and no status", "apps", "deployments", """
                        {"metadata": {"name": "odd", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"replicas": 1, "selector": {"matchExpressions": [{"key": "a", "operator": "Bogus"}]}, %s}}"""
                                .formatted(TEMPLATE),
                        List.of("odd", "0/1", 0L, 0L, "60m", "nginx,sidecar", "nginx:1.25,busybox", "<invalid>")),
                new Case("deployment without a selector prints an empty selector", "apps", "deployments", """
                        {"metadata": {"name": "nosel", "creationTimestamp": "2024-05-01T11:00:00Z"}, "spec": {"replicas": 2}}""",
                        List.of("nosel", "0/2", 0L, 0L, "60m", "", "", "")),
                new Case("stateful set shows ready/desired and its template", "apps", "statefulsets", """
                        {"metadata": {"name": "db", "creationTimestamp": "2024-05-01T04:30:00Z"},
                         "spec": {"replicas": 3, "serviceName": "db", %s},
                         "status": {"replicas": 3, "readyReplicas": 1}}""".formatted(TEMPLATE),
                        List.of("db", "1/3", "7h30m", "nginx,sidecar", "nginx:1.25,busybox")),
                new Case("daemon set with counts, node selector and selector", "apps", "daemonsets", """
                        {"metadata": {"name": "agent", "creationTimestamp": "2024-04-28T09:00:00Z"},
                         "spec": {"selector": {"matchLabels": {"app": "agent"}},
                                  "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                                        "containers": [{"name": "agent", "image": "agent:2"}]}}},
                         "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                                    "updatedNumberScheduled": 1, "numberAvailable": 2}}""",
                        List.of("agent", 3L, 3L, 2L, 1L, 2L, "kubernetes.io/os=linux", "3d3h", "agent", "agent:2", "app=agent")),
                new Case("daemon set without node selector", "apps", "daemonsets", """
                        {"metadata": {"name": "agent", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"selector": {"matchLabels": {"app": "agent"}},
                                  "template": {"spec": {"containers": [{"name": "agent", "image": "agent:2"}]}}}}""",
                        List.of("agent", 0L, 0L, 0L, 0L, 0L, "<none>", "60m", "agent", "agent:2", "app=agent")),
                new Case("controller revision names its controller by lower-case kind.group", "apps", "controllerrevisions", """
                        {"metadata": {"name": "db-7c9", "creationTimestamp": "2024-05-01T11:00:00Z",
                                      "ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "other", "uid": "1"},
                                                          {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db",
                                                           "uid": "2", "controller": true}]},
                         "revision": 2}""",
                        List.of("db-7c9", "statefulset.apps/db", 2L, "60m")),
                new Case("controller revision with a core-group controller", "apps", "controllerrevisions", """
                        {"metadata": {"name": "r1", "creationTimestamp": "2024-05-01T11:00:00Z",
                                      "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "cfg",
                                                           "uid": "1", "controller": true}]},
                         "revision": 1}""",
                        List.of("r1", "configmap/cfg", 1L, "60m")),
                new Case("controller revision without a controller", "apps", "controllerrevisions", """
                        {"metadata": {"name": "orphan", "creationTimestamp": "2024-05-01T11:00:00Z"}, "revision": 7}""",
                        List.of("orphan", "<none>", 7L, "60m")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cellsFollowTheKubernetesPrinter(Case c) {
        TableConvertor convertor = TableConvertors.forResource(c.group(), c.resource());

        List<Object> cells = convertor.cells(TestJson.parse(c.object()), TestJson.NOW);

        assertThat(cells).containsExactlyElementsOf(c.cells());
        assertThat(cells).hasSameSizeAs(convertor.columns());
    }
}
