package skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.kubelet.lifecycle.HandlerResult;
import skiff.kubelet.lifecycle.HandlerRunner;

/** The grpc probe against grpc-java's own health service (k/k pkg/probe/grpc/grpc.go outcomes and messages). */
class GrpcHealthProberTest {
    /** For checks that must answer: long enough for a loaded machine's first connection. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private final GrpcHealthProber prober = new GrpcHealthProber();
    private final HealthStatusManager health = new HealthStatusManager();
    private Server server;

    @AfterEach
    void stop() throws InterruptedException {
        prober.close();
        if (server != null) {
            server.shutdownNow().awaitTermination();
        }
    }

    private int serve(BindableService service) throws IOException {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build()
                .start();
        return server.getPort();
    }

    @Test
    void aServingServerIsHealthy() throws IOException {
        int port = serve(health.getHealthService());
        health.setStatus("", ServingStatus.SERVING);

        HandlerResult result = prober.check("127.0.0.1", port, "", TIMEOUT);

        assertThat(result).isEqualTo(HandlerResult.success("service healthy"));
    }

    @Test
    void aNamedServiceIsCheckedByItsOwnStatus() throws IOException {
        int port = serve(health.getHealthService());
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus("skiff.Echo", ServingStatus.NOT_SERVING);

        assertThat(prober.check("127.0.0.1", port, "skiff.Echo", TIMEOUT))
                .isEqualTo(HandlerResult.failure("service unhealthy (responded with \"NOT_SERVING\")"));

        health.setStatus("skiff.Echo", ServingStatus.SERVING);
        assertThat(prober.check("127.0.0.1", port, "skiff.Echo", TIMEOUT).succeeded()).isTrue();
    }

    @Test
    void anUnknownServiceFailsWithTheServersStatus() throws IOException {
        int port = serve(health.getHealthService());

        assertThat(prober.check("127.0.0.1", port, "no.Such", TIMEOUT)).isEqualTo(HandlerResult.failure(
                "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service no.Such"));
    }

    @Test
    void aServerWithoutTheHealthServiceDoesNotImplementTheProtocol() throws IOException {
        int port = serve(() -> ServerServiceDefinition.builder("skiff.Other").build());

        HandlerResult result = prober.check("127.0.0.1", port, "", TIMEOUT);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.message()).startsWith(
                "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ");
    }

    @Test
    void nothingListeningFailsOnceTheTimeoutHasPassed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        assertThat(prober.check("127.0.0.1", port, "", ONE_SECOND)).isEqualTo(HandlerResult.failure(
                "timeout: failed to connect service \"127.0.0.1:" + port
                        + "\" within 1s: context deadline exceeded"));
    }

    @Test
    void anHttp1ServerFailsAsAServerThatCannotBeConnectedTo() throws IOException {
        // grpc-go's dial fails on the missing HTTP/2 preface and is retried until the deadline.
        com.sun.net.httpserver.HttpServer http1 = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        http1.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http1.start();
        try {
            int port = http1.getAddress().getPort();

            assertThat(prober.check("127.0.0.1", port, "", ONE_SECOND)).isEqualTo(HandlerResult.failure(
                    "timeout: failed to connect service \"127.0.0.1:" + port
                            + "\" within 1s: context deadline exceeded"));
        } finally {
            http1.stop(0);
        }
    }

    @Test
    void aCheckThatNeverAnswersTimesOut() throws IOException {
        int port = serve(new HealthGrpc.HealthImplBase() {
            @Override
            public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
                // Never answers.
            }
        });

        assertThat(prober.check("127.0.0.1", port, "", ONE_SECOND))
                .isEqualTo(HandlerResult.failure("timeout: health rpc did not complete within 1s"));
    }

    @Test
    void aGrpcProbeChecksThePodIpAtItsPortWithTheDefaultService() throws IOException {
        int port = serve(health.getHealthService());
        health.setStatus("", ServingStatus.NOT_SERVING);
        HandlerProbeRunner runner = new HandlerProbeRunner(new HandlerRunner(null, null), prober);
        var probe = new ProbeBuilder().withNewGrpc().withPort(port).endGrpc().withTimeoutSeconds(10).build();

        HandlerResult result = runner.run(probe, new ContainerBuilder().withName("c").build(), "id", "127.0.0.1");

        assertThat(result).isEqualTo(HandlerResult.failure("service unhealthy (responded with \"NOT_SERVING\")"));
    }
}
