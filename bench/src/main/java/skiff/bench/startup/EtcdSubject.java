package skiff.bench.startup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntSupplier;
import skiff.bench.Workspace;
import skiff.bench.process.EtcdProcess;
import skiff.bench.process.EtcdVersion;
import skiff.bench.process.ProcessCpu;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.StartedServer;
import skiff.bench.store.EtcdWriter;
import skiff.bench.store.WriteLoad;

/** etcd, the reference; fills it with values the size of one Skiff pod, as the API server would store them. */
final class EtcdSubject implements StartupSubject {
    private static final int LOAD_CLIENTS = 64;

    private final Workspace ws;
    private final ReadinessProbe probe;
    private final IntSupplier valueBytes;

    EtcdSubject(Workspace ws, ReadinessProbe probe, IntSupplier valueBytes) {
        this.ws = ws;
        this.probe = probe;
        this.valueBytes = valueBytes;
    }

    @Override
    public String name() {
        return "etcd " + EtcdVersion.of(ws.etcd());
    }

    @Override
    public StartedServer start(Path dataDir) throws InterruptedException {
        return EtcdProcess.start(ws, probe, dataDir);
    }

    // The put opens the client's channel too: jetcd connects on first use.
    @Override
    public FirstWrite firstWrite(StartedServer server) throws InterruptedException {
        try (EtcdWriter writer = new EtcdWriter(((EtcdProcess) server).endpoint())) {
            Duration cpuBefore = ProcessCpu.used(server.pid());
            long start = ws.clock().nanoTime();
            boolean created;
            try {
                created = writer.createIfAbsent("/registry/pods/default/first", new byte[] {'x'});
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the first etcd put failed", e);
            }
            Duration wall = Duration.ofNanos(ws.clock().nanoTime() - start);
            Duration cpu = ProcessCpu.used(server.pid()).minus(cpuBefore);
            if (!created) {
                throw new IllegalStateException("the first etcd put found its key taken");
            }
            return new FirstWrite(wall, cpu);
        }
    }

    @Override
    public Duration fill(StartedServer server, int objects) throws InterruptedException {
        byte[] value = new byte[Math.max(1, valueBytes.getAsInt())];
        Arrays.fill(value, (byte) 'x');
        try (EtcdWriter writer = new EtcdWriter(((EtcdProcess) server).endpoint())) {
            long start = ws.clock().nanoTime();
            long failures = new WriteLoad(ws.clock()).fill(writer, LOAD_CLIENTS, objects, "/registry/pods/load", value);
            Duration took = Duration.ofNanos(ws.clock().nanoTime() - start);
            if (failures > 0) {
                throw new IllegalStateException(failures + " etcd puts failed");
            }
            return took;
        }
    }
}
