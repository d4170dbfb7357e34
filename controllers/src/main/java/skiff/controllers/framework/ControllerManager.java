package skiff.controllers.framework;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import skiff.client.workqueue.WorkqueueMetrics;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Runs named controllers against one API server with one set of shared informers, each with its client, as
 * kube-controller-manager does (k/k cmd/kube-controller-manager/app/controllermanager.go: every controller is on
 * unless named in --controllers with a leading "-"; here, in {@link Builder#disable}).
 *
 * <pre>{@code
 * try (ControllerManager manager = ControllerManager.builder(client, clock)
 *         .controller("serviceaccount", ServiceAccountController::create)
 *         .disable(Set.of("garbagecollector"))
 *         .build()) {
 *     manager.start();
 * }
 * }</pre>
 */
public final class ControllerManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    private final ControllerContext context;
    private final Map<String, ControllerFactory> factories;
    private final Function<String, KubernetesClient> clients;
    private final Set<String> disabled;
    private final Map<String, ManagedController> running = new LinkedHashMap<>();
    private boolean started;

    private ControllerManager(ControllerContext context, Map<String, ControllerFactory> factories,
            Function<String, KubernetesClient> clients, Set<String> disabled) {
        this.context = context;
        this.factories = factories;
        this.clients = clients;
        this.disabled = disabled;
    }

    public static Builder builder(KubernetesClient client, Clock clock) {
        return new Builder(client, clock);
    }

    /**
     * Builds every enabled controller (each registers its informers), starts the informers, then the controllers.
     * Returns without waiting for caches to sync.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            for (Map.Entry<String, ControllerFactory> e : factories.entrySet()) {
                if (disabled.contains(e.getKey())) {
                    LOG.info("controller={} disabled", e.getKey());
                    continue;
                }
                running.put(e.getKey(), e.getValue().create(context.withClient(clients.apply(e.getKey()))));
            }
            context.informers().start();
            running.forEach((name, controller) -> {
                controller.start();
                LOG.info("controller={} started", name);
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The names of the controllers running now. */
    public synchronized Set<String> running() {
        return Set.copyOf(running.keySet());
    }

    /** Turns one controller off; false if it was not running. */
    public synchronized boolean stop(String name) {
        ManagedController controller = running.remove(name);
        if (controller == null) {
            return false;
        }
        controller.close();
        LOG.info("controller={} stopped", name);
        return true;
    }

    /**
     * Stops every controller, then the shared informers, and takes the work queue metrics off their registry. The
     * client stays open; it belongs to the caller.
     */
    @Override
    public synchronized void close() {
        for (String name : Set.copyOf(running.keySet())) {
            try {
                stop(name);
            } catch (RuntimeException e) {
                LOG.warn("controller={} did not stop cleanly: {}", name, e.getMessage());
            }
        }
        context.informers().close();
        context.queueMetrics().unregister();
    }

    /** Names the controllers to run; {@link #build()} rejects disabling a name it does not know. */
    public static final class Builder {
        private final KubernetesClient client;
        private final Clock clock;
        private final Map<String, ControllerFactory> factories = new LinkedHashMap<>();
        private final Set<String> disabled = new LinkedHashSet<>();
        private Function<String, KubernetesClient> clients;
        private PrometheusRegistry metrics = new PrometheusRegistry();

        private Builder(KubernetesClient client, Clock clock) {
            this.client = Objects.requireNonNull(client, "client");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.clients = name -> client;
        }

        /**
         * Gives each controller, by name, a client of its own (k/k --use-service-account-credentials); the shared
         * informers keep the manager's client. By default every controller uses the manager's client.
         */
        public Builder clients(Function<String, KubernetesClient> perController) {
            this.clients = Objects.requireNonNull(perController, "perController");
            return this;
        }

        /** The registry the controllers' metrics go to (by default one of the manager's own). */
        public Builder metrics(PrometheusRegistry registry) {
            this.metrics = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder controller(String name, ControllerFactory factory) {
            if (factories.putIfAbsent(name, factory) != null) {
                throw new IllegalArgumentException("controller " + name + " is registered twice");
            }
            return this;
        }

        public Builder controllers(Map<String, ControllerFactory> named) {
            named.forEach(this::controller);
            return this;
        }

        public Builder disable(Collection<String> names) {
            disabled.addAll(names);
            return this;
        }

        public ControllerManager build() {
            for (String name : disabled) {
                if (!factories.containsKey(name)) {
                    throw new IllegalArgumentException("unknown controller " + name + "; known: "
                            + String.join(", ", factories.keySet()));
                }
            }
            ControllerContext context = new ControllerContext(client, new SharedInformers(client), clock,
                    WorkqueueMetrics.register(metrics));
            return new ControllerManager(context, new LinkedHashMap<>(factories), clients, Set.copyOf(disabled));
        }
    }
}
