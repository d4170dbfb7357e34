package skiff.server;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.TlsVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * Builds {@link RenewableHttpClient}s on another factory's clients and renews them all at once: {@link
 * #renewConnections} is what the node calls when its client certificate rotates. An old client is closed after a
 * grace period, so a request already sent finishes on the connection it started on.
 */
final class RenewableHttpClientFactory implements HttpClient.Factory, AutoCloseable {
    private final HttpClient.Factory underlying;
    private final List<RenewableHttpClient> built = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retirement = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-connection-retirement").factory());

    RenewableHttpClientFactory(HttpClient.Factory underlying) {
        this.underlying = underlying;
    }

    /** New connections for every client built here; the old ones are closed after {@code grace}. */
    void renewConnections(Duration grace) {
        for (RenewableHttpClient client : built) {
            client.renew(old -> retirement.schedule(old::close, grace.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public HttpClient.Builder newBuilder() {
        return new Builder(underlying.newBuilder());
    }

    /** Stops the retirement timer; the clients are closed by their owners. */
    @Override
    public void close() {
        retirement.shutdownNow();
    }

    /** The underlying factory's builder, whose {@link #build} makes a renewable client of it. */
    private final class Builder implements HttpClient.Builder {
        private final HttpClient.Builder settings;

        Builder(HttpClient.Builder settings) {
            this.settings = settings;
        }

        @Override
        public HttpClient build() {
            RenewableHttpClient client = new RenewableHttpClient(settings::build);
            built.add(client);
            return client;
        }

        @Override
        public HttpClient.Builder connectTimeout(long timeout, TimeUnit unit) {
            settings.connectTimeout(timeout, unit);
            return this;
        }

        @Override
        public HttpClient.Builder websocketPingInterval(long interval, TimeUnit unit) {
            settings.websocketPingInterval(interval, unit);
            return this;
        }

        @Override
        public HttpClient.Builder addOrReplaceInterceptor(String name, Interceptor interceptor) {
            settings.addOrReplaceInterceptor(name, interceptor);
            return this;
        }

        @Override
        public HttpClient.Builder authenticatorNone() {
            settings.authenticatorNone();
            return this;
        }

        @Override
        public HttpClient.Builder tag(Object value) {
            settings.tag(value);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(KeyManager[] keyManagers, TrustManager[] trustManagers) {
            settings.sslContext(keyManagers, trustManagers);
            return this;
        }

        @Override
        public HttpClient.Builder followAllRedirects() {
            settings.followAllRedirects();
            return this;
        }

        @Override
        public HttpClient.Builder proxyAddress(InetSocketAddress address) {
            settings.proxyAddress(address);
            return this;
        }

        @Override
        public HttpClient.Builder proxyAuthorization(String credentials) {
            settings.proxyAuthorization(credentials);
            return this;
        }

        @Override
        public HttpClient.Builder tlsVersions(TlsVersion... versions) {
            settings.tlsVersions(versions);
            return this;
        }

        @Override
        public HttpClient.Builder tlsServerName(String serverName) {
            settings.tlsServerName(serverName);
            return this;
        }

        @Override
        public HttpClient.Builder preferHttp11() {
            settings.preferHttp11();
            return this;
        }

        @Override
        public HttpClient.Builder proxyType(HttpClient.ProxyType type) {
            settings.proxyType(type);
            return this;
        }
    }
}
