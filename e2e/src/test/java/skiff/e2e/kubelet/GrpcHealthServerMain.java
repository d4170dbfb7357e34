package skiff.e2e.kubelet;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's process for grpc probe tests: {@code GrpcHealthServerMain PORT DIR SERVICE...} serves grpc-java's
 * health service on PORT, each SERVICE ("" is written "-") SERVING while a file of its name exists in DIR and
 * NOT_SERVING otherwise.
 */
public final class GrpcHealthServerMain {
    private GrpcHealthServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        HealthStatusManager health = new HealthStatusManager();
        Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(health.getHealthService()).build().start();
        System.out.println("serving gRPC health on port " + server.getPort());
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 2; i < args.length; i++) {
                String service = args[i].equals("-") ? "" : args[i];
                health.setStatus(service, Files.exists(dir.resolve(args[i])) ? ServingStatus.SERVING
                        : ServingStatus.NOT_SERVING);
            }
            Thread.sleep(50);
        }
    }
}
