package skiff.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTruncationTest {

    @ParameterizedTest(name = "subsets (ready/notReady) {0} -> {1}")
    @CsvSource({
        "'500/0 500/0', '500/0 500/0'",
        "'600/0 600/0', '500/0 500/0'",
        "'900/0 0/50 0/250', '900/0 0/17 0/83'",
        "'700/200 400/100', '637/0 363/0'",
        "'1001/0', '1000/0'",
        "'10/995', '10/990'"})
    void cutsAtOneThousandProportionally(String input, String expected) {
        List<EndpointSubset> subsets = List.of(input.split(" ")).stream().map(EndpointsTruncationTest::subset).toList();
        List<EndpointSubset> truncated = EndpointsTruncation.truncate(subsets);
        assertThat(String.join(" ", truncated.stream()
                .map(s -> s.getAddresses().size() + "/" + s.getNotReadyAddresses().size()).toList()))
                .isEqualTo(expected);
        assertThat(EndpointsTruncation.count(truncated)).isLessThanOrEqualTo(EndpointsTruncation.MAX_CAPACITY);
    }

    private static EndpointSubset subset(String counts) {
        String[] parts = counts.split("/");
        return new EndpointSubsetBuilder().withAddresses(addresses(Integer.parseInt(parts[0])))
                .withNotReadyAddresses(addresses(Integer.parseInt(parts[1]))).build();
    }

    private static List<EndpointAddress> addresses(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new EndpointAddressBuilder().withIp("10.1." + i / 250 + "." + i % 250).build())
                .toList();
    }
}
