package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RenewableHttpClientTest {
    /** A stand-in for one underlying client: its name says which build made it and how it was derived. */
    private record Fake(String name, List<String> closed) implements HttpClient {
        @Override
        public DerivedClientBuilder newBuilder() {
            List<String> tags = new ArrayList<>();
            return new DerivedClientBuilder() {
                @Override
                public HttpClient build() {
                    return new Fake(name + "/" + String.join(",", tags), closed);
                }

                @Override
                public DerivedClientBuilder addOrReplaceInterceptor(String key, Interceptor interceptor) {
                    return this;
                }

                @Override
                public DerivedClientBuilder authenticatorNone() {
                    tags.add("none");
                    return this;
                }

                @Override
                public DerivedClientBuilder tag(Object value) {
                    tags.add(value.toString());
                    return this;
                }
            };
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
                AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WebSocket.Builder newWebSocketBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public HttpRequest.Builder newHttpRequestBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isClosed() {
            return closed.contains(name);
        }

        @Override
        public void close() {
            if (!closed.contains(name)) {
                closed.add(name);
            }
        }
    }

    private final List<String> closed = new ArrayList<>();
    private int builds;

    private RenewableHttpClient root() {
        return new RenewableHttpClient(() -> new Fake("client-" + ++builds, closed));
    }

    @Test
    void renewingBuildsNewConnectionsAndRetiresTheOldClient() {
        RenewableHttpClient client = root();
        assertThat(((Fake) client.delegate()).name()).isEqualTo("client-1");

        List<HttpClient> retired = new ArrayList<>();
        client.renew(retired::add);

        assertThat(((Fake) client.delegate()).name()).isEqualTo("client-2");
        assertThat(retired).extracting(c -> ((Fake) c).name()).containsExactly("client-1");
        assertThat(closed).isEmpty();
    }

    @Test
    void derivedClientsFollowTheRenewalWithTheirOwnSettings() {
        RenewableHttpClient client = root();
        RenewableHttpClient watch = (RenewableHttpClient) client.newBuilder().tag("watch").authenticatorNone()
                .build();
        RenewableHttpClient nested = (RenewableHttpClient) watch.newBuilder().tag("exec").build();
        assertThat(((Fake) watch.delegate()).name()).isEqualTo("client-1/watch,none");
        assertThat(((Fake) nested.delegate()).name()).isEqualTo("client-1/watch,none/exec");
        assertThat(watch.delegate()).isSameAs(watch.delegate());

        client.renew(old -> {});

        assertThat(((Fake) watch.delegate()).name()).isEqualTo("client-2/watch,none");
        assertThat(((Fake) nested.delegate()).name()).isEqualTo("client-2/watch,none/exec");
    }

    @Test
    void aClosedClientClosesWhatARenewalBuildsAfterIt() {
        RenewableHttpClient client = root();
        client.close();
        assertThat(client.isClosed()).isTrue();

        client.renew(HttpClient::close);

        assertThat(closed).containsExactlyInAnyOrder("client-1", "client-2");
    }
}
