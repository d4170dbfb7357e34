package skiff.server;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Clients that act as a service account of kube-system, one per account, as kube-controller-manager gives each
 * controller with --use-service-account-credentials (k/k staging/src/k8s.io/controller-manager/pkg/clientbuilder/
 * client_builder_dynamic.go, 1.32), and as cluster DNS gets its account's: the controller manager's own identity gets
 * or creates the account and requests its token (TokenRequest, an hour), and requests a new one once 80% of its
 * lifetime has passed. Creating the account here, not through the serviceaccount controller, keeps that controller
 * from waiting on itself.
 */
final class ServiceAccountClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountClients.class);
    static final String NAMESPACE = "kube-system";
    // k/k client_builder_dynamic.go: defaultExpirationSeconds and defaultLeewayPercent.
    private static final long EXPIRATION_SECONDS = 3600;
    private static final int LEEWAY_PERCENT = 20;
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final KubernetesClient manager;
    private final Config base;
    private final ComponentClient clients;
    private final Clock clock;
    private final Map<String, KubernetesClient> byAccount = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "service-account-token-refresh");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param clients the controller manager's client (its own identity); the accounts' clients share its event loops
     * @param base where the API server is and the CA it is checked against, without credentials
     */
    ServiceAccountClients(ComponentClient clients, Config base, Clock clock) {
        this.manager = clients.client();
        this.base = base;
        this.clients = clients;
        this.clock = clock;
    }

    /** The client of account {@code name} in kube-system, created (with its first token) on first use. */
    KubernetesClient client(String name) {
        return byAccount.computeIfAbsent(name, this::newClient);
    }

    private KubernetesClient newClient(String name) {
        ensureAccount(name);
        Token token = new Token();
        refresh(name, token);
        // k/k client_builder_dynamic.go adds the account's name to the component's User-Agent (rest.AddUserAgent),
        // so managedFields still credit the component (the User-Agent up to its first '/').
        return clients.another(new ConfigBuilder(base).withOauthTokenProvider(token::current)
                .withUserAgent(manager.getConfiguration().getUserAgent() + "/" + name).build());
    }

    private void ensureAccount(String name) {
        if (manager.serviceAccounts().inNamespace(NAMESPACE).withName(name).get() != null) {
            return;
        }
        try {
            manager.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(name).withNamespace(NAMESPACE).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Requests a token now and schedules the next request when 80% of its lifetime has passed. */
    private void refresh(String name, Token token) {
        TokenRequest issued = manager.serviceAccounts().inNamespace(NAMESPACE).withName(name).tokenRequest(
                new TokenRequestBuilder().withNewSpec().withExpirationSeconds(EXPIRATION_SECONDS).endSpec().build());
        token.value = issued.getStatus().getToken();
        Instant expires = Instant.parse(issued.getStatus().getExpirationTimestamp());
        Duration lifetime = Duration.between(clock.now(), expires);
        schedule(name, token, lifetime.multipliedBy(100 - LEEWAY_PERCENT).dividedBy(100));
    }

    private void schedule(String name, Token token, Duration delay) {
        try {
            refresher.schedule(() -> renew(name, token), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: no more renewals.
        }
    }

    private void renew(String name, Token token) {
        try {
            ensureAccount(name);
            refresh(name, token);
        } catch (RuntimeException e) {
            LOG.warn("token of service account {}/{} not renewed, retrying in {} s: {}", NAMESPACE, name,
                    RETRY.toSeconds(), e.getMessage());
            schedule(name, token, RETRY);
        }
    }

    /** Stops renewing tokens; the clients close with the controller manager's {@link ComponentClient}. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** The account's current token, which every request of its client carries. */
    private static final class Token {
        private volatile String value;

        String current() {
            return value;
        }
    }
}
