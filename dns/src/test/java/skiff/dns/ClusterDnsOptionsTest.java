package skiff.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterDnsOptionsTest {
    @ParameterizedTest
    @CsvSource({"10.43.0.0/16,10.43.0.10", "10.96.0.0/12,10.96.0.10", "10.43.7.9/16,10.43.0.10",
            "192.168.1.0/24,192.168.1.10"})
    void theClusterDnsAddressIsTheTenthOfTheServiceRange(String cidr, String expected) {
        assertThat(ServiceRange.tenthAddress(cidr)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.43.0.0", "10.43.0.0/x", "10.43.0.0/30", "fd00::/108", "300.1.1.1/16"})
    void aBadServiceRangeIsRefusedWithItsValue(String cidr) {
        assertThatThrownBy(() -> ServiceRange.tenthAddress(cidr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr.split("/")[0]);
    }

    @Test
    void badOptionsAreRefusedWithTheValue() {
        ClusterDnsOptions defaults = ClusterDnsOptions.defaults();
        assertThat(defaults.clusterDnsIp()).isEqualTo("10.43.0.10");
        assertThat(defaults.clusterDomain()).isEqualTo("cluster.local");
        assertThatThrownBy(() -> defaults.withClusterDnsIp("10.43.0")).hasMessageContaining("10.43.0");
        assertThatThrownBy(() -> defaults.withClusterDomain("Cluster..local."))
                .hasMessageContaining("Cluster..local.");
        assertThatThrownBy(() -> defaults.withPort(70_000)).hasMessageContaining("70000");
    }

    @Test
    void thePrimaryAddressIsAnIpv4AddressOfThisMachine() throws Exception {
        var address = ClusterDns.primaryAddress();

        assertThat(address).isInstanceOf(Inet4Address.class);
        assertThat(Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> Collections.list(n.getInetAddresses()).stream())).contains(address);
    }
}
