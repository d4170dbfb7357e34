package skiff.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubsetRepackerTest {

    /**
     * Inputs and outputs in a compact form: a subset is "ready addresses | not-ready addresses | ports", addresses
     * as ip or ip@uid, ports as name:number.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one pod per subset, same port: one subset",
                        List.of("a||http:80", "b||http:80"), List.of("a,b||http:80")),
                Arguments.of("a pod with another number for the name: its own subset",
                        List.of("a||http:80", "b||http:80", "c||http:8080"),
                        List.of("a,b||http:80", "c||http:8080")),
                Arguments.of("ports offered by the same addresses share a subset",
                        List.of("a||http:80", "a||metrics:9090", "b||http:80", "b||metrics:9090"),
                        List.of("a,b||http:80,metrics:9090")),
                Arguments.of("ready and not-ready addresses of a port share a subset",
                        List.of("a||http:80", "|b|http:80"), List.of("a|b|http:80")),
                Arguments.of("not ready on a port wins over ready",
                        List.of("a||http:80", "|a|http:80"), List.of("|a|http:80")),
                Arguments.of("same IP, different pods: both kept",
                        List.of("a@1||http:80", "a@2||http:80"), List.of("a@1,a@2||http:80")),
                Arguments.of("the same address twice: once",
                        List.of("a||http:80", "a||http:80"), List.of("a||http:80")),
                Arguments.of("no ports (headless): addresses without ports",
                        List.of("b||", "a||"), List.of("a,b||")),
                Arguments.of("nothing", List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repacksAsKubernetes(String name, List<String> input, List<String> expected) {
        List<EndpointSubset> packed = SubsetRepacker.repack(input.stream().map(SubsetRepackerTest::subset).toList());
        assertThat(packed.stream().map(SubsetRepackerTest::describe).toList()).isEqualTo(expected);
    }

    private static EndpointSubset subset(String spec) {
        String[] parts = spec.split("\\|", -1);
        return new EndpointSubsetBuilder().withAddresses(addresses(parts[0])).withNotReadyAddresses(addresses(parts[1]))
                .withPorts(ports(parts[2])).build();
    }

    private static List<EndpointAddress> addresses(String list) {
        List<EndpointAddress> addresses = new ArrayList<>();
        for (String item : list.isEmpty() ? new String[0] : list.split(",")) {
            String[] ipUid = item.split("@");
            addresses.add(new EndpointAddressBuilder().withIp(ipUid[0]).withNewTargetRef().withKind("Pod")
                    .withUid(ipUid.length > 1 ? ipUid[1] : "uid-" + ipUid[0]).endTargetRef().build());
        }
        return addresses;
    }

    private static List<EndpointPort> ports(String list) {
        List<EndpointPort> ports = new ArrayList<>();
        for (String item : list.isEmpty() ? new String[0] : list.split(",")) {
            String[] namePort = item.split(":");
            ports.add(new EndpointPortBuilder().withName(namePort[0]).withPort(Integer.parseInt(namePort[1]))
                    .withProtocol("TCP").build());
        }
        return ports;
    }

    private static String describe(EndpointSubset subset) {
        return String.join("|", describe(subset.getAddresses()), describe(subset.getNotReadyAddresses()),
                String.join(",", subset.getPorts().stream().map(p -> p.getName() + ":" + p.getPort()).toList()));
    }

    private static String describe(List<EndpointAddress> addresses) {
        return String.join(",", addresses.stream().map(a -> a.getTargetRef().getUid().equals("uid-" + a.getIp())
                ? a.getIp() : a.getIp() + "@" + a.getTargetRef().getUid()).toList());
    }
}
