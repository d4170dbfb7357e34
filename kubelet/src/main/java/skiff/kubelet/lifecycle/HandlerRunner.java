package skiff.kubelet.lifecycle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ExecResult;

/**
 * Runs the handlers hooks and probes share: exec in the container, HTTP GET, TCP connect, sleep (k/k
 * pkg/kubelet/lifecycle/handlers.go; pkg/probe/exec, http, tcp).
 */
public final class HandlerRunner {
    private static final String USER_AGENT = "kube-probe/1.32";
    private final ContainerRuntime runtime;
    private final Clock clock;
    private final HttpClient http;
    private final HttpClient https;

    public HandlerRunner(ContainerRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        this.https = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).sslContext(trustAll())
                .build();
    }

    // k/k pkg/probe/exec: exit code 0 is success; a command cut off at its timeout fails.
    public HandlerResult exec(String containerId, List<String> command, Duration timeout) {
        ExecResult r = runtime.exec(containerId, command, timeout);
        return outcome(r, timeout, "command exited with " + r.exitCode() + ": " + r.output());
    }

    // k/k 1.32 pkg/probe/exec/exec.go Probe: a probe's message is the command's output alone (stdout, then
    // stderr), whatever its exit code; only a hook's failure names the exit code.
    public HandlerResult probeExec(String containerId, List<String> command, Duration timeout) {
        ExecResult r = runtime.exec(containerId, command, timeout);
        return outcome(r, timeout, r.output());
    }

    private static HandlerResult outcome(ExecResult r, Duration timeout, String failure) {
        if (r.timedOut()) {
            return HandlerResult.failure("command timed out after " + timeout.toSeconds() + "s");
        }
        return r.exitCode() == 0 ? HandlerResult.success(r.output()) : HandlerResult.failure(failure);
    }

    // k/k pkg/probe/http: a status from 200 to 399 is success; HTTPS does not verify the certificate; redirects
    // are not followed here, so a 3xx counts as success by its code alone.
    public HandlerResult httpGet(HTTPGetAction action, Container container, String podIp, Duration timeout) {
        OptionalInt port = Ports.resolve(action.getPort(), container);
        if (port.isEmpty()) {
            return HandlerResult.failure("cannot resolve port " + action.getPort());
        }
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        boolean secure = "HTTPS".equalsIgnoreCase(action.getScheme());
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        URI uri = URI.create((secure ? "https" : "http") + "://" + hostPart(host) + ":" + port.getAsInt() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(positive(timeout))
                .header("User-Agent", USER_AGENT).header("Accept", "*/*");
        for (HTTPHeader h : action.getHttpHeaders() == null ? List.<HTTPHeader>of() : action.getHttpHeaders()) {
            request.setHeader(h.getName(), h.getValue());
        }
        try {
            HttpResponse<Void> response = (secure ? https : http).send(request.build(),
                    HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return code >= 200 && code < 400 ? HandlerResult.success("HTTP " + code)
                    : HandlerResult.failure("HTTP probe failed with statuscode: " + code);
        } catch (IOException e) {
            return HandlerResult.failure("Get \"" + uri + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HandlerResult(HandlerResult.Outcome.UNKNOWN, "interrupted");
        }
    }

    // k/k pkg/probe/tcp: success as soon as a connection opens.
    public HandlerResult tcp(TCPSocketAction action, Container container, String podIp, Duration timeout) {
        OptionalInt port = Ports.resolve(action.getPort(), container);
        if (port.isEmpty()) {
            return HandlerResult.failure("cannot resolve port " + action.getPort());
        }
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port.getAsInt()), (int) positive(timeout).toMillis());
            return HandlerResult.success("");
        } catch (IOException e) {
            return HandlerResult.failure("dial tcp " + host + ":" + port.getAsInt() + ": " + e.getMessage());
        }
    }

    public HandlerResult sleep(Duration duration) {
        try {
            clock.sleep(duration);
            return HandlerResult.success("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HandlerResult(HandlerResult.Outcome.UNKNOWN, "interrupted");
        }
    }

    private static Duration positive(Duration d) {
        return d.isZero() || d.isNegative() ? Duration.ofSeconds(1) : d;
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
