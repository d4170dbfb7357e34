package skiff.bench.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import skiff.api.time.Clock;

/**
 * Polls a health URL every few milliseconds until its body matches, and tells when that first happened. One client
 * serves every probe of a run, so its own warm-up (class loading, the first TLS handshake) is paid once, in the
 * untimed warm-up start.
 */
public final class ReadinessProbe {
    static final Duration INTERVAL = Duration.ofMillis(5);

    private final HttpClient client;
    private final Clock clock;

    public ReadinessProbe(Clock clock) {
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsContexts.trustingAnything())
                .connectTimeout(Duration.ofSeconds(1))
                .build();
    }

    /**
     * Returns the clock's reading when {@code uri} first answered 200 with a body containing {@code expected}.
     *
     * @throws IllegalStateException when the process exits or {@code timeout} passes first
     */
    public long awaitBody(URI uri, String expected, Process process, Duration timeout) throws InterruptedException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long at = clock.nanoTime();
                if (response.statusCode() == 200 && response.body().contains(expected)) {
                    return at;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + " before " + uri
                        + " was ready");
            }
            if (clock.nanoTime() > deadline) {
                throw new IllegalStateException(uri + " not ready within " + timeout);
            }
            clock.sleep(INTERVAL);
        }
    }
}
