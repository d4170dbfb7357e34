package skiff.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void theDefaultRangeKeepsItsLowest86PortsForStaticRequests() {
        PortAllocator ports = new PortAllocator(PortRange.parse("30000-32767"), new Random(5));
        assertThat(PortAllocator.offset(2768)).isEqualTo(86);
        for (int i = 0; i < 1000; i++) {
            assertThat(ports.allocateNext(true)).isBetween(30086, 32767);
        }
    }

    @Test
    void handsOutEachPortOnceThenSaysTheRangeIsFull() {
        PortAllocator ports = new PortAllocator(PortRange.parse("40000-40009"), new Random(2));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(ports.allocateNext(true));
        }
        assertThat(seen).hasSize(10);
        assertThatThrownBy(() -> ports.allocateNext(true)).hasMessage("range is full");
    }

    @Test
    void refusesPortsOutsideTheRangeOrTaken() {
        PortAllocator ports = new PortAllocator(PortRange.parse("30000-32767"), new Random(1));
        ports.allocate(30080);
        assertThatThrownBy(() -> ports.allocate(30080)).hasMessage("provided port is already allocated");
        assertThatThrownBy(() -> ports.allocate(8080)).hasMessage(
                "provided port is not in the valid range. The range of valid ports is 30000-32767");
        ports.release(30080);
        ports.allocate(30080);
    }

    @Test
    void parsesRangesAndRefusesBackwardOnes() {
        assertThat(PortRange.parse("30000-32767")).isEqualTo(new PortRange(30000, 2768));
        assertThatThrownBy(() -> PortRange.parse("32767-30000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortRange.parse("a-b")).isInstanceOf(IllegalArgumentException.class);
    }
}
