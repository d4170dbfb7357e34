package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Services through kubectl: cluster IPs and node ports allocated from --service-cidr and --service-node-port-range,
 * refused requests as 422s with Kubernetes' words, type changes, the kubernetes Service and LoadBalancer addresses.
 */
class ServiceKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void theKubernetesServicePointsAtTheApiServer(Kubectl kubectl) {
        String port = skiff.server().url().replaceAll(".*:", "");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(kubectl.succeed("get", "service", "kubernetes", "-o",
                    "jsonpath={.spec.clusterIP} {.spec.ports[0].name} {.spec.ports[0].port} "
                            + "{.spec.ports[0].targetPort}").stdout()).isEqualTo("10.43.0.1 https 443 " + port);
            assertThat(kubectl.succeed("get", "endpoints", "kubernetes", "-o",
                    "jsonpath={.subsets[0].ports[0].port}").stdout()).isEqualTo(port);
            assertThat(kubectl.succeed("get", "endpointslices", "-l", "kubernetes.io/service-name=kubernetes",
                    "-o", "jsonpath={.items[0].endpoints[0].conditions.ready} {.items[0].ports[0].port}").stdout())
                    .isEqualTo("true " + port);
        });
        kubectl.succeed("delete", "endpoints", "kubernetes");
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "endpoints", "kubernetes")
                .exitCode() == 0);
    }

    @Test
    void aNodePortServiceShowsItsAddressAndPortsAndGivesThemBackWhenItBecomesClusterIp(Kubectl kubectl) {
        kubectl.succeed("create", "service", "nodeport", "web", "--tcp=80:8080");
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "service", "web").stdout());
        assertThat(table.header()).containsExactly("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
        assertThat(table.rowWhere("NAME", "web").get(1)).isEqualTo("NodePort");
        assertThat(table.rowWhere("NAME", "web").get(2)).matches("10\\.43\\.\\d+\\.\\d+");
        assertThat(table.rowWhere("NAME", "web").get(3)).isEqualTo("<none>");
        assertThat(table.rowWhere("NAME", "web").get(4)).matches("80:3\\d{4}/TCP");
        String nodePort = table.rowWhere("NAME", "web").get(4).replaceAll("80:(\\d+)/TCP", "$1");

        String described = kubectl.succeed("describe", "service", "web").stdout();
        assertThat(described).containsPattern("IP Family Policy:\\s+SingleStack")
                .containsPattern("IP Families:\\s+IPv4")
                .containsPattern("NodePort:\\s+80-8080\\s+" + nodePort + "/TCP");

        kubectl.succeed("patch", "service", "web", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}");
        assertThat(KubectlTable.parse(kubectl.succeed("get", "service", "web").stdout()).rowWhere("NAME", "web")
                .get(4)).isEqualTo("80/TCP");
        kubectl.succeed("create", "service", "nodeport", "reuse", "--tcp=80:8080", "--node-port=" + nodePort);
        kubectl.succeed("delete", "service", "web", "reuse");
    }

    @Test
    void requestsForTakenOrOutOfRangeAddressesAndPortsAre422s(Kubectl kubectl) {
        kubectl.succeed("create", "service", "nodeport", "holder", "--tcp=80:8080", "--node-port=30123");
        KubectlResult taken = kubectl.run("create", "service", "nodeport", "second", "--tcp=80:8080",
                "--node-port=30123");
        assertThat(taken.stderr()).isEqualTo("error: failed to create NodePort service: Service \"second\" is "
                + "invalid: spec.ports[0].nodePort: Invalid value: 30123: provided port is already allocated\n");
        KubectlResult outside = kubectl.run("create", "service", "clusterip", "outside", "--tcp=80:8080",
                "--clusterip=10.0.0.1");
        assertThat(outside.stderr()).isEqualTo("error: failed to create ClusterIP service: Service \"outside\" is "
                + "invalid: spec.clusterIPs: Invalid value: "
                + "[\"10.0.0.1\"]: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid "
                + "range. The range of valid IPs is 10.43.0.0/16\n");
        KubectlResult duplicate = kubectl.run("create", "-f", kubectl.file("dup.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: dup}
                spec:
                  ports:
                  - {name: web, port: 80}
                  - {name: web, port: 81}
                """));
        assertThat(duplicate.stderr()).isEqualTo("The Service \"dup\" is invalid: spec.ports[1].name: Duplicate "
                + "value: \"web\"\n");
        KubectlResult immutable = kubectl.run("patch", "service", "holder", "-p",
                "{\"spec\":{\"clusterIP\":\"10.43.0.99\",\"clusterIPs\":[\"10.43.0.99\"]}}");
        assertThat(immutable.stderr()).isEqualTo("The Service \"holder\" is invalid: spec.clusterIPs[0]: Invalid "
                + "value: [\"10.43.0.99\"]: may not change once set\n");
        kubectl.succeed("delete", "service", "holder");
    }

    @Test
    void aLoadBalancerGetsTheNodesAddressUnlessAnotherClassHandlesIt(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("lb.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: lb}
                spec:
                  type: LoadBalancer
                  selector: {app: lb}
                  ports:
                  - {port: 80}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: other}
                spec:
                  type: LoadBalancer
                  loadBalancerClass: example.com/other
                  selector: {app: other}
                  ports:
                  - {port: 80}
                """));
        String nodeIp = kubectl.succeed("get", "nodes", "-o",
                "jsonpath={.items[0].status.addresses[?(@.type==\"InternalIP\")].address}").stdout();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(KubectlTable.parse(
                kubectl.succeed("get", "service", "lb").stdout()).rowWhere("NAME", "lb").get(3)).isEqualTo(nodeIp));
        assertThat(kubectl.succeed("get", "service", "lb", "-o", "jsonpath={.status.loadBalancer.ingress[0].ipMode}")
                .stdout()).isEqualTo("VIP");
        assertThat(KubectlTable.parse(kubectl.succeed("get", "service", "other").stdout()).rowWhere("NAME", "other")
                .get(3)).isEqualTo("<pending>");
        kubectl.succeed("delete", "service", "lb", "other");
    }
}
