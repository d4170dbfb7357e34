package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cells of the core, coordination and discovery resources, and of the default convertor. Pods and events have
 * their own tests.
 */
class CoreTableConvertorsTest {

    record Case(String name, String group, String resource, String object, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("ready control-plane node with scheduling disabled", "", "nodes", """
                        {"metadata": {"name": "node-1", "creationTimestamp": "2024-04-28T09:00:00Z",
                                      "labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "worker",
                                                 "node-role.kubernetes.io/": "x"}},
                         "spec": {"unschedulable": true},
                         "status": {"conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": "True"}],
                                    "addresses": [{"type": "Hostname", "address": "node-1"}, {"type": "InternalIP", "address": "10.0.0.1"}],
                                    "nodeInfo": {"kubeletVersion": "v1.32.0", "osImage": "Debian GNU/Linux 12",
                                                 "kernelVersion": "6.1.0", "containerRuntimeVersion": ""}}}""",
                        List.of("node-1", "Ready,SchedulingDisabled", "control-plane,worker", "3d3h", "v1.32.0",
                                "10.0.0.1", "<none>", "Debian GNU/Linux 12", "6.1.0", "<unknown>")),
                new Case("node that never reported is Unknown with no roles", "", "nodes", """
                        {"metadata": {"name": "node-2", "creationTimestamp": "2024-05-01T11:59:00Z"},
                         "status": {"addresses": [{"type": "ExternalIP", "address": "203.0.113.5"}]}}""",
                        List.of("node-2", "Unknown", "<none>", "60s", "", "<none>", "203.0.113.5", "<unknown>", "<unknown>", "<unknown>")),
                new Case("node whose Ready condition is not True is NotReady", "", "nodes", """
                        {"metadata": {"name": "node-3", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}}""",
                        List.of("node-3", "NotReady", "<none>", "60m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>")),
                new Case("namespace shows its phase", "", "namespaces", """
                        {"metadata": {"name": "team-a", "creationTimestamp": "2023-01-01T12:00:00Z"}, "status": {"phase": "Active"}}""",
                        List.of("team-a", "Active", "486d")),
                new Case("config map counts data and binary data keys", "", "configmaps", """
                        {"metadata": {"name": "settings", "creationTimestamp": "2024-05-01T11:55:00Z"},
                         "data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}}""",
                        List.of("settings", 3L, "5m")),
                new Case("empty config map has zero keys", "", "configmaps", """
                        {"metadata": {"name": "empty", "creationTimestamp": "2024-05-01T11:55:00Z"}}""",
                        List.of("empty", 0L, "5m")),
                new Case("secret shows its type and key count", "", "secrets", """
                        {"metadata": {"name": "db-creds", "creationTimestamp": "2024-05-01T10:00:00Z"},
                         "type": "Opaque", "data": {"username": "YQ==", "password": "Yg=="}}""",
                        List.of("db-creds", "Opaque", 2L, "120m")),
                new Case("node-port service lists ports with node ports and its selector", "", "services", """
                        {"metadata": {"name": "web", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"type": "NodePort", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                                  "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}],
                                  "selector": {"tier": "fe", "app": "web"}}}""",
                        List.of("web", "NodePort", "10.96.0.10", "<none>", "80:30080/TCP,53/UDP", "60m", "app=web,tier=fe")),
                new Case("cluster-IP service with external IPs and only a singular clusterIP", "", "services", """
                        {"metadata": {"name": "api", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.11", "externalIPs": ["198.51.100.1", "198.51.100.2"],
                                  "ports": [{"port": 443, "protocol": "TCP"}]}}""",
                        List.of("api", "ClusterIP", "10.96.0.11", "198.51.100.1,198.51.100.2", "443/TCP", "60m", "<none>")),
                new Case("load balancer without ingress is pending", "", "services", """
                        {"metadata": {"name": "lb", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.12"], "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"}]},
                         "status": {"loadBalancer": {}}}""",
                        List.of("lb", "LoadBalancer", "10.96.0.12", "<pending>", "80:31000/TCP", "60m", "<none>")),
                new Case("load balancer lists sorted ingress addresses unclipped, then external IPs", "", "services", """
                        {"metadata": {"name": "lb", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.12"], "externalIPs": ["192.0.2.9"]},
                         "status": {"loadBalancer": {"ingress": [{"hostname": "a-very-long-name.elb.example.com"}, {"ip": "192.0.2.1"}]}}}""",
                        List.of("lb", "LoadBalancer", "10.96.0.12", "192.0.2.1,a-very-long-name.elb.example.com,192.0.2.9",
                                "<none>", "60m", "<none>")),
                new Case("external-name service shows the name and no cluster IP", "", "services", """
                        {"metadata": {"name": "db", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"type": "ExternalName", "externalName": "db.example.com"}}""",
                        List.of("db", "ExternalName", "<none>", "db.example.com", "<none>", "60m", "<none>")),
                new Case("headless service shows None", "", "services", """
                        {"metadata": {"name": "db-hl", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "ports": [{"port": 5432, "protocol": "TCP"}]}}""",
                        List.of("db-hl", "ClusterIP", "None", "<none>", "5432/TCP", "60m", "<none>")),
                new Case("service account counts its secrets", "", "serviceaccounts", """
                        {"metadata": {"name": "default", "creationTimestamp": "2024-05-01T11:00:00Z"}, "secrets": [{"name": "tok"}]}""",
                        List.of("default", 1L, "60m")),
                new Case("endpoints show the first three address:port pairs and how many more", "", "endpoints", """
                        {"metadata": {"name": "web", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "subsets": [{"addresses": [{"ip": "10.1.0.1"}, {"ip": "10.1.0.2"}],
                                      "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]}]}""",
                        List.of("web", "10.1.0.1:80,10.1.0.2:80,10.1.0.1:443 + 1 more...", "60m")),
                new Case("endpoints without ports show bare addresses and IPv6 is bracketed with ports", "", "endpoints", """
                        {"metadata": {"name": "mixed", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "subsets": [{"addresses": [{"ip": "10.1.0.5"}]},
                                     {"addresses": [{"ip": "fd00::5"}], "ports": [{"port": 8080}]}]}""",
                        List.of("mixed", "10.1.0.5,[fd00::5]:8080", "60m")),
                new Case("endpoints without subsets show <none>", "", "endpoints", """
                        {"metadata": {"name": "idle", "creationTimestamp": "2024-05-01T11:00:00Z"}}""",
                        List.of("idle", "<none>", "60m")),
                new Case("endpoints whose subsets have no addresses show nothing", "", "endpoints", """
                        {"metadata": {"name": "notready", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "subsets": [{"notReadyAddresses": [{"ip": "10.1.0.9"}], "ports": [{"port": 80}]}]}""",
                        List.of("notready", "", "60m")),
                new Case("lease shows its holder", "coordination.k8s.io", "leases", """
                        {"metadata": {"name": "node-1", "namespace": "kube-node-lease", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 40}}""",
                        List.of("node-1", "node-1", "60m")),
                new Case("unheld lease shows an empty holder", "coordination.k8s.io", "leases", """
                        {"metadata": {"name": "free", "creationTimestamp": "2024-05-01T11:00:00Z"}, "spec": {}}""",
                        List.of("free", "", "60m")),
                new Case("endpoint slice shows ports by number, name or * and the first three addresses", "discovery.k8s.io",
                        "endpointslices", """
                        {"metadata": {"name": "web-abc12", "creationTimestamp": "2024-05-01T11:00:00Z"},
                         "addressType": "IPv4",
                         "ports": [{"name": "http", "port": 80, "protocol": "TCP"}, {"name": "dns"}, {}],
                         "endpoints": [{"addresses": ["10.1.0.1", "10.1.0.2"]}, {"addresses": ["10.1.0.3"]}, {"addresses": ["10.1.0.4"]}]}""",
                        List.of("web-abc12", "IPv4", "80,dns,*", "10.1.0.1,10.1.0.2,10.1.0.3 + 1 more...", "60m")),
                new Case("endpoint slice without ports or endpoints shows <unset>", "discovery.k8s.io", "endpointslices", """
                        {"metadata": {"name": "web-empty", "creationTimestamp": "2024-05-01T11:00:00Z"}, "addressType": "IPv6"}""",
                        List.of("web-empty", "IPv6", "<unset>", "<unset>", "60m")),
                new Case("other resources get the name and the creation time in UTC", "example.com", "widgets", """
                        {"metadata": {"name": "gizmo", "creationTimestamp": "2024-05-01T13:00:00.5+02:00"}}""",
                        List.of("gizmo", "2024-05-01T11:00:00Z")),
                new Case("default convertor prints Go's zero time for a missing timestamp", "apps", "pods", """
                        {"metadata": {"name": "not-a-core-pod"}}""",
                        List.of("not-a-core-pod", "0001-01-01T00:00:00Z")),
                new Case("a missing creation time is <unknown> age", "", "namespaces", """
                        {"metadata": {"name": "new"}, "status": {"phase": "Active"}}""",
                        List.of("new", "Active", "<unknown>")),
                new Case("a creation time just ahead of now is 0s", "", "namespaces", """
                        {"metadata": {"name": "skewed", "creationTimestamp": "2024-05-01T12:00:01Z"}}""",
                        List.of("skewed", "", "0s")),
                new Case("a creation time further ahead is <invalid>", "", "namespaces", """
                        {"metadata": {"name": "future", "creationTimestamp": "2024-05-01T12:00:05Z"}}""",
                        List.of("future", "", "<invalid>")));
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
