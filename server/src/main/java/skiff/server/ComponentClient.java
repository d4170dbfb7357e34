package skiff.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API client of one of the server's own components (controllers, scheduler, kubelet), on a Vert.x instance of
 * its own as fabric8 gives each client, but one the server stops last: {@link #closeClient()} when the component
 * stops, {@link #close()} once the API server has stopped and closed every connection. fabric8 would stop a Vert.x it
 * created at once, with the client's connections still closing, and Netty then logs their rejected notifications.
 */
final class ComponentClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentClient.class);

    private final Vertx vertx;
    private final KubernetesClient client;
    private final List<KubernetesClient> others = new CopyOnWriteArrayList<>();

    ComponentClient(Config config) {
        this.vertx = eventLoops();
        this.client = build(config);
    }

    /** A Vert.x for API clients, set as fabric8 Vertx5HttpClientBuilder sets its own: daemon threads, no file caching. */
    static Vertx eventLoops() {
        return Vertx.vertx(new VertxOptions().setUseDaemonThread(true).setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    }

    KubernetesClient client() {
        return client;
    }

    /**
     * Another client of the same component on the same event loops, with credentials of its own (a controller's
     * service account); it is closed with this one.
     */
    KubernetesClient another(Config config) {
        KubernetesClient other = build(config);
        others.add(other);
        return other;
    }

    private KubernetesClient build(Config config) {
        return new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
                .withConfig(config).build();
    }

    /** Closes the clients; their event loops keep running until {@link #close()}. */
    void closeClient() {
        others.forEach(KubernetesClient::close);
        client.close();
    }

    /** Closes the clients if they are still open, then stops their Vert.x and waits until it has. */
    @Override
    public void close() {
        closeClient();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("a component's client did not stop cleanly: {}", e.getCause().getMessage());
        }
    }
}
