package skiff.kubelet;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Retries a startup step against the API server until it works, waiting 100 ms, doubling to 7 s (k/k
 * pkg/kubelet/kubelet_node_status.go registerWithAPIServer retries node registration the same way, for as long as
 * it takes). Only an interrupt, when the kubelet stops, ends the retries.
 */
final class StartupRetry {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(7);

    private StartupRetry() {}

    static <T> T call(String step, Clock clock, Supplier<T> action) throws InterruptedException {
        Duration wait = FIRST;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(step + " interrupted");
            }
            try {
                return action.get();
            } catch (KubernetesClientException e) {
                LOG.info("{} failed, retrying in {} ms: {}", step, wait.toMillis(), e.getMessage());
            }
            clock.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(MAX) > 0 ? MAX : wait.multipliedBy(2);
        }
    }
}
