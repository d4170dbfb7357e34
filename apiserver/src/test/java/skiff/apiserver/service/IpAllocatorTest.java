package skiff.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpAllocatorTest {

    @Test
    void handsOutEveryUsableAddressOnceThenSaysTheRangeIsFull() {
        IpAllocator ips = new IpAllocator(Ipv4Cidr.parse("192.168.7.0/28"), new Random(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 14; i++) {
            seen.add(ips.allocateNext(true));
        }
        assertThat(seen).hasSize(14).doesNotContain("192.168.7.0", "192.168.7.15")
                .contains("192.168.7.1", "192.168.7.14");
        assertThatThrownBy(() -> ips.allocateNext(true)).hasMessage("range is full");
        ips.release("192.168.7.9");
        assertThat(ips.allocateNext(true)).isEqualTo("192.168.7.9");
    }

    @Test
    void dynamicAllocationPrefersTheUpperBandKeepingTheLowestAddressesForStaticRequests() {
        // A /16 keeps 256 addresses (10.43.0.1 to 10.43.1.0) for IPs asked for by number.
        IpAllocator ips = new IpAllocator(Ipv4Cidr.parse("10.43.0.0/16"), new Random(7));
        for (int i = 0; i < 2000; i++) {
            assertThat(ips.index(ips.allocateNext(true))).isGreaterThanOrEqualTo(256);
        }
        assertThat(IpAllocator.offset(65534)).isEqualTo(256);
        assertThat(IpAllocator.offset(254)).isEqualTo(16);
        assertThat(IpAllocator.offset(14)).isZero();
    }

    @Test
    void theLowerBandIsUsedOnceTheUpperOneIsFull() {
        IpAllocator ips = new IpAllocator(Ipv4Cidr.parse("10.0.0.0/27"), new Random(3));
        // 30 usable addresses, 16 of them in the static band: the first 14 dynamic ones come from the upper band.
        for (int i = 0; i < 14; i++) {
            assertThat(ips.index(ips.allocateNext(true))).isGreaterThanOrEqualTo(16);
        }
        assertThat(ips.index(ips.allocateNext(true))).isLessThan(16);
    }

    @Test
    void refusesAddressesOutsideTheRangeOrTakenWithKubernetesWords() {
        IpAllocator ips = new IpAllocator(Ipv4Cidr.parse("10.43.0.0/16"), new Random(1));
        ips.allocate("10.43.0.1");
        assertThatThrownBy(() -> ips.allocate("10.43.0.1")).hasMessage("provided IP is already allocated");
        assertThatThrownBy(() -> ips.allocate("10.0.0.1")).hasMessage(
                "the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.43.0.0/16");
        assertThatThrownBy(() -> ips.allocate("10.43.0.0")).hasMessageContaining("not in the valid range");
        assertThatThrownBy(() -> ips.allocate("10.43.255.255")).hasMessageContaining("not in the valid range");
        ips.allocate("10.43.255.254");
    }

    @Test
    void aFindWithoutTakingLeavesTheAddressFree() {
        IpAllocator ips = new IpAllocator(Ipv4Cidr.parse("10.43.0.0/16"), new Random(1));
        String ip = ips.allocateNext(false);
        assertThat(ips.isAllocated(ip)).isFalse();
        ips.check("10.43.0.20");
        assertThat(ips.isAllocated("10.43.0.20")).isFalse();
    }
}
