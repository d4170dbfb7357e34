package skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import skiff.kubelet.lifecycle.HandlerResult;
import skiff.kubelet.lifecycle.HandlerRunner;

/**
 * Probes through the shared handlers (exec, httpGet, tcpSocket) and the gRPC health client (k/k
 * pkg/kubelet/prober/prober.go runProbe).
 */
public final class HandlerProbeRunner implements ProbeRunner {
    private final HandlerRunner handlers;
    private final GrpcHealthProber grpc;

    public HandlerProbeRunner(HandlerRunner handlers, GrpcHealthProber grpc) {
        this.handlers = handlers;
        this.grpc = grpc;
    }

    @Override
    public HandlerResult run(Probe probe, Container container, String containerId, String podIp) {
        // k/k pkg/apis/core/v1/defaults.go SetDefaults_Probe: timeoutSeconds defaults to 1.
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
        if (probe.getExec() != null) {
            return handlers.probeExec(containerId, probe.getExec().getCommand(), timeout);
        }
        if (probe.getHttpGet() != null) {
            return handlers.httpGet(probe.getHttpGet(), container, podIp, timeout);
        }
        if (probe.getTcpSocket() != null) {
            return handlers.tcp(probe.getTcpSocket(), container, podIp, timeout);
        }
        if (probe.getGrpc() != null) {
            // The grpc handler has no host: it always checks the pod's IP.
            String service = probe.getGrpc().getService() == null ? "" : probe.getGrpc().getService();
            return grpc.check(podIp, probe.getGrpc().getPort(), service, timeout);
        }
        return new HandlerResult(HandlerResult.Outcome.UNKNOWN, "probe has no handler");
    }
}
