package skiff.kubelet;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Retries a startup step against the API server until it works or a deadline passes, waiting 100 ms, doubling to
 * 7 s (k/k pkg/kubelet/kubelet_node_status.go registerWithAPIServer retries node registration the same way).
 */
final class StartupRetry {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(7);

    private StartupRetry() {}

    static <T> T call(String step, Duration deadline, Clock clock, Supplier<T> action) {
        long giveUpAt = clock.nanoTime() + deadline.toNanos();
        Duration wait = FIRST;
        while (true) {
            try {
                return action.get();
            } catch (KubernetesClientException e) {
                if (clock.nanoTime() + wait.toNanos() > giveUpAt) {
                    throw e;
                }
                LOG.info("{} failed, retrying in {} ms: {}", step, wait.toMillis(), e.getMessage());
            }
            try {
                clock.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesClientException(step + " interrupted");
            }
            wait = wait.multipliedBy(2).compareTo(MAX) > 0 ? MAX : wait.multipliedBy(2);
        }
    }
}
