package skiff.server;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An API client whose connections can all be replaced at once. {@link #renew} builds a new underlying client, so the
 * next request opens a new connection and its TLS handshake presents the certificate the key manager holds now; the
 * old client is handed to {@code retire}, which closes it once the requests in flight have had time to finish. The
 * API server authenticates a connection by the certificate of its handshake, so the kubelet closes all its
 * connections when its client certificate rotates (k8s.io/kubernetes pkg/kubelet/certificate/transport.go, 1.32).
 *
 * <p>Clients derived from this one (fabric8 derives one for each watch, exec or log stream) follow at their next
 * request; a watch on the old connections ends when they close, and its informer starts it again on new ones.
 */
final class RenewableHttpClient implements HttpClient {
    /** The underlying client in use and, for a derived client, the parent's client it was derived from. */
    private record Generation(HttpClient base, HttpClient client) {}

    private final Supplier<HttpClient> build;
    private final RenewableHttpClient parent;
    private final UnaryOperator<DerivedClientBuilder> derivation;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A root client: {@code build} makes a new underlying client with connections of its own each time. */
    RenewableHttpClient(Supplier<HttpClient> build) {
        this.build = build;
        this.parent = null;
        this.derivation = null;
        current.set(new Generation(null, build.get()));
    }

    private RenewableHttpClient(RenewableHttpClient parent, UnaryOperator<DerivedClientBuilder> derivation) {
        this.build = null;
        this.parent = parent;
        this.derivation = derivation;
    }

    /**
     * Replaces a root client's underlying client by a new one and hands the old one to {@code retire}; requests that
     * start from now on, on this client or on any derived from it, use new connections.
     */
    void renew(Consumer<HttpClient> retire) {
        if (parent != null) {
            throw new IllegalStateException("only a root client is renewed");
        }
        Generation old = current.getAndSet(new Generation(null, build.get()));
        if (closed.get()) {
            current.get().client().close();
        }
        retire.accept(old.client());
    }

    /** The underlying client for the next request. */
    HttpClient delegate() {
        if (parent == null) {
            return current.get().client();
        }
        HttpClient base = parent.delegate();
        Generation seen = current.get();
        if (seen != null && seen.base() == base) {
            return seen.client();
        }
        // Derived clients share their base's connections and are closed with it, so a lost race leaks nothing.
        Generation next = new Generation(base, derivation.apply(base.newBuilder()).build());
        return current.compareAndSet(seen, next) ? next.client() : delegate();
    }

    @Override
    public DerivedClientBuilder newBuilder() {
        return new Derivation(this);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
        return delegate().sendAsync(request, type);
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        return delegate().consumeBytes(request, consumer);
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate().newWebSocketBuilder();
    }

    @Override
    public HttpRequest.Builder newHttpRequestBuilder() {
        return delegate().newHttpRequestBuilder();
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delegate().close();
        }
    }

    /** The settings of a derived client, applied again to each new underlying client. */
    private static final class Derivation implements DerivedClientBuilder {
        private final RenewableHttpClient parent;
        private final List<UnaryOperator<DerivedClientBuilder>> steps = new ArrayList<>();

        Derivation(RenewableHttpClient parent) {
            this.parent = parent;
        }

        @Override
        public HttpClient build() {
            List<UnaryOperator<DerivedClientBuilder>> taken = List.copyOf(steps);
            return new RenewableHttpClient(parent, builder -> {
                DerivedClientBuilder applied = builder;
                for (UnaryOperator<DerivedClientBuilder> step : taken) {
                    applied = step.apply(applied);
                }
                return applied;
            });
        }

        @Override
        public DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor interceptor) {
            steps.add(builder -> builder.addOrReplaceInterceptor(name, interceptor));
            return this;
        }

        @Override
        public DerivedClientBuilder authenticatorNone() {
            steps.add(DerivedClientBuilder::authenticatorNone);
            return this;
        }

        @Override
        public DerivedClientBuilder tag(Object value) {
            steps.add(builder -> builder.tag(value));
            return this;
        }
    }
}
