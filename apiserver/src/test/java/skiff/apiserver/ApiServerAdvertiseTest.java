package skiff.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiServerAdvertiseTest {
    @Test
    void aLoopbackBoundServerAlsoListensOnTheAdvertisedAddress() {
        assertThat(ApiServer.listensOnAdvertised("127.0.0.1", "192.0.2.2")).isTrue();
    }

    @Test
    void aServerBoundToEveryAddressOrToTheAdvertisedOneNeedsNoSecondListener() {
        assertThat(ApiServer.listensOnAdvertised("0.0.0.0", "192.0.2.2")).isFalse();
        assertThat(ApiServer.listensOnAdvertised("192.0.2.2", "192.0.2.2")).isFalse();
    }

    @Test
    void aLoopbackAdvertisedAddressNeedsNoSecondListener() {
        assertThat(ApiServer.listensOnAdvertised("127.0.0.1", "127.0.0.1")).isFalse();
        assertThat(ApiServer.listensOnAdvertised("::1", "127.0.0.1")).isFalse();
    }
}
