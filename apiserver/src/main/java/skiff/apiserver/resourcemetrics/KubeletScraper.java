package skiff.apiserver.resourcemetrics;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import tools.jackson.databind.JsonNode;

/**
 * Scrapes every node's kubelet for {@code /metrics/resource} a resolution after the last scrape and stores the batch, as
 * metrics-server's scraper does (pkg/scraper/scraper.go: all nodes at once, each within a timeout, a node that
 * fails left out of that batch). The kubelet is found from its Node (address, port and pinned certificate) and
 * dialled with the API server's kubelet-client certificate, as for logs and exec.
 */
public final class KubeletScraper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletScraper.class);
    static final String PATH = "/metrics/resource";

    private final KubeletConnections kubelets;
    private final Supplier<List<JsonNode>> nodes;
    private final MetricsStore store;
    private final Clock clock;
    private final Duration resolution;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-metrics-scraper").factory());

    /**
     * Starts scraping every {@code resolution}; the first scrape is at once.
     *
     * @param nodes the Nodes as stored
     */
    public KubeletScraper(KubeletConnections kubelets, Supplier<List<JsonNode>> nodes, MetricsStore store,
            Clock clock, Duration resolution) {
        this.kubelets = kubelets;
        this.nodes = nodes;
        this.store = store;
        this.clock = clock;
        this.resolution = resolution;
        // metrics-server: the scrape timeout is 90% of the resolution (pkg/server/config.go, 1.32-era releases).
        this.timeout = resolution.multipliedBy(9).dividedBy(10);
        // A fixed delay, not a fixed rate: a late scrape is not followed at once by another over a tiny window.
        timer.scheduleWithFixedDelay(this::scrapeSafely, 0, resolution.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scrapeSafely() {
        try {
            scrape();
        } catch (RuntimeException e) {
            LOG.warn("resource metrics scrape failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scrapes every node once and stores what came back. */
    void scrape() throws InterruptedException {
        List<Future<Scraped>> pending = new ArrayList<>();
        for (JsonNode node : nodes.get()) {
            String name = node.path("metadata").path("name").asString("");
            KubeletEndpoint endpoint;
            try {
                endpoint = KubeletEndpoint.of(node);
            } catch (RuntimeException e) {
                continue; // No kubelet serving yet.
            }
            pending.add(kubelets.http(endpoint).request(new RequestOptions().setMethod(HttpMethod.GET)
                            .setHost(endpoint.host()).setPort(endpoint.port()).setURI(PATH)
                            .setTimeout(timeout.toMillis()))
                    .compose(request -> request.send())
                    .compose(response -> response.statusCode() == 200 ? response.body()
                            : Future.failedFuture("the kubelet answered " + response.statusCode()))
                    .map(body -> new Scraped(name, ResourceMetricsDecoder.decode(
                            body.toString(StandardCharsets.UTF_8), clock.now())))
                    .recover(e -> {
                        LOG.debug("cannot scrape node={} error={}", name, e.getMessage());
                        return Future.succeededFuture(new Scraped(name, null));
                    }));
        }
        Map<String, MetricsPoint> nodePoints = new HashMap<>();
        Map<PodRef, Map<String, MetricsPoint>> podPoints = new HashMap<>();
        for (Future<Scraped> f : pending) {
            Scraped scraped;
            try {
                scraped = f.toCompletionStage().toCompletableFuture().get();
            } catch (java.util.concurrent.ExecutionException e) {
                continue;
            }
            if (scraped.scrape() != null) {
                scraped.scrape().node().ifPresent(p -> nodePoints.put(scraped.node(), p));
                podPoints.putAll(scraped.scrape().pods());
            }
        }
        store.store(nodePoints, podPoints, resolution);
    }

    private record Scraped(String node, ResourceMetricsDecoder.Scrape scrape) {}

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
