package skiff.bench.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.process.EtcdProcess;
import skiff.bench.process.ReadinessProbe;

/**
 * Durable create rate of 1 KiB values with 1, 8 and 64 concurrent writers: Skiff's SQLite store opened in this JVM
 * against a real etcd that this benchmark starts on the same disk, both measured in this run, level by level.
 */
public final class StoreBenchmark {
    private static final int[] WRITERS = {1, 8, 64};
    private static final int VALUE_BYTES = 1024;

    private final Workspace ws;
    private final Scale scale;

    public StoreBenchmark(Workspace ws, Scale scale) {
        this.ws = ws;
        this.scale = scale;
    }

    public void run() throws InterruptedException {
        byte[] value = new byte[VALUE_BYTES];
        new Random(42).nextBytes(value);
        Duration perLevel = scale.duration(Duration.ofSeconds(5));
        Duration warmUp = scale.duration(Duration.ofSeconds(2)); // jetcd's client needs a few thousand calls to warm
        WriteLoad load = new WriteLoad(ws.clock());
        boolean withEtcd = ws.hasEtcd();
        ResultTable table = new ResultTable(
                "Store: durable creates of 1 KiB values, " + perLevel.toMillis() / 1000.0 + " s per level",
                "writers", "Skiff SQLite writes/s", "p50", "p99", "writes/commit",
                "etcd writes/s", "p50", "p99", "Skiff/etcd writes/s");
        Path sqliteDir = ws.newDirectory("store-sqlite");
        try (SqliteWriter sqlite = new SqliteWriter(sqliteDir.resolve("state.db"));
                EtcdProcess etcd = withEtcd
                        ? EtcdProcess.start(ws, new ReadinessProbe(ws.clock()),
                                ws.newDirectory("store-etcd").resolve("data"))
                        : null;
                EtcdWriter etcdWriter = withEtcd ? new EtcdWriter(etcd.endpoint()) : null) {
            load.run(sqlite, 8, warmUp, "/warm8", value);
            load.run(sqlite, 1, warmUp, "/warm1", value);
            if (withEtcd) {
                load.run(etcdWriter, 8, warmUp, "/warm8", value);
                load.run(etcdWriter, 1, warmUp, "/warm1", value);
            }
            for (int writers : WRITERS) {
                long commitsBefore = sqlite.commitCount();
                Latencies s = load.run(sqlite, writers, perLevel, "/c" + writers, value);
                long commits = sqlite.commitCount() - commitsBefore;
                Latencies e = withEtcd ? load.run(etcdWriter, writers, perLevel, "/c" + writers, value) : null;
                checkNoFailures("Skiff", s);
                if (e != null) {
                    checkNoFailures("etcd", e);
                }
                table.row(Integer.toString(writers),
                        Format.rate(s.perSecond()), Format.millis(s.p50()), Format.millis(s.p99()),
                        String.format(java.util.Locale.ROOT, "%.1f", commits == 0 ? 0 : (double) s.count() / commits),
                        e == null ? "n/a" : Format.rate(e.perSecond()),
                        e == null ? "n/a" : Format.millis(e.p50()),
                        e == null ? "n/a" : Format.millis(e.p99()),
                        e == null ? "n/a" : Format.ratio(s.perSecond(), e.perSecond()));
            }
        }
        table.print(System.out);
        if (!withEtcd) {
            System.out.println("etcd is not installed (apt-get install etcd-server): no reference measured.");
        }
    }

    private static void checkNoFailures(String name, Latencies l) {
        if (l.failures() > 0) {
            System.out.println("WARNING: " + name + " had " + l.failures() + " failed writes");
        }
    }
}
