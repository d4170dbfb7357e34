package skiff.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectAlternativeNamesTest {

    @Test
    void namesAreNormalisedSoThatTwoSpellingsCompareEqual() {
        SubjectAlternativeNames names = SubjectAlternativeNames.of(Set.of("Skiff.Example."), Set.of("::1", "10.0.0.1"));

        assertThat(names.dnsNames()).containsExactly("skiff.example");
        assertThat(names.ipAddresses()).containsExactlyInAnyOrder("0:0:0:0:0:0:0:1", "10.0.0.1");
        assertThat(names.covers(SubjectAlternativeNames.of(Set.of("skiff.example"), Set.of("0:0:0:0:0:0:0:1"))))
                .isTrue();
    }

    @Test
    void namesAreNotCoveredWhenOneIsMissing() {
        SubjectAlternativeNames names = SubjectAlternativeNames.of(Set.of("localhost"), Set.of("127.0.0.1"));

        assertThat(names.covers(SubjectAlternativeNames.of(Set.of("localhost"), Set.of("192.168.1.5")))).isFalse();
        assertThat(names.covers(SubjectAlternativeNames.of(Set.of("kubernetes"), Set.of()))).isFalse();
    }

    @Test
    void wildcardDnsNamesAreAccepted() {
        assertThat(SubjectAlternativeNames.of(Set.of("*.skiff.example"), Set.of()).dnsNames())
                .containsExactly("*.skiff.example");
    }

    @Test
    void anIpAddressPassedAsDnsNameIsRejected() {
        assertThatThrownBy(() -> SubjectAlternativeNames.of(Set.of("127.0.0.1"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an IP address");
    }

    @Test
    void aHostNamePassedAsIpAddressIsRejectedWithoutResolvingIt() {
        assertThatThrownBy(() -> SubjectAlternativeNames.of(Set.of(), Set.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an IP address");
    }

    @Test
    void malformedDnsNamesAreRejected() {
        assertThatThrownBy(() -> SubjectAlternativeNames.of(Set.of("bad name"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeNames.of(Set.of("-leading.example"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
