package skiff.bench.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import skiff.bench.process.StartedServer;

/** A server whose start-up is measured: Skiff with some JVM flags, or etcd. */
interface StartupSubject {

    String name();

    StartedServer start(Path dataDir) throws InterruptedException;

    /** Creates {@code objects} objects through the running server; returns how long that took. */
    Duration fill(StartedServer server, int objects) throws IOException, InterruptedException;

    /**
     * The first write a client makes after the server is ready (Skiff: a pod in namespace default, once its
     * default ServiceAccount exists; etcd: a put), its wall time and the CPU the server used meanwhile.
     */
    FirstWrite firstWrite(StartedServer server) throws IOException, InterruptedException;

    record FirstWrite(Duration wall, Duration cpu) {}

    /** Skiff only: spawn to the "ready at" line on stdout, else null. */
    default Duration readyLine(StartedServer server) {
        return null;
    }
}
