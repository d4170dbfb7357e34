package skiff.bench.startup;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import skiff.bench.Format;
import skiff.bench.ResultTable;

/**
 * The start-up table: each Skiff variant and etcd side by side, and each Skiff variant's ratio to etcd; then, when
 * the last variant is bin/skiff's with its start-up cache, its ratio to the one before it (the same flags, no cache).
 */
record StartupReport(List<StartupSeries> skiff, StartupSeries etcd, int objects, int podBytes, int starts) {

    void print(PrintStream out) {
        String[] header = new String[1 + skiff.size() + 1 + skiff.size()];
        header[0] = "measure (median of " + starts + ", min-max)";
        for (int i = 0; i < skiff.size(); i++) {
            header[1 + i] = skiff.get(i).name;
            header[2 + skiff.size() + i] = "ratio " + (i + 1) + "/etcd";
        }
        header[1 + skiff.size()] = etcd == null ? "etcd (not installed)" : etcd.name;
        ResultTable table = new ResultTable("Start-up: spawn to ready (Skiff GET /readyz = ok over TLS, etcd GET /health = true over plain HTTP)",
                header);
        timeRow(table, "fresh data dir", s -> s.fresh);
        timeRow(table, "existing data dir (empty)", s -> s.existing);
        if (objects > 0) {
            timeRow(table, "existing data dir, " + objects + " objects", s -> s.existingLoaded);
        }
        timeRow(table, "CPU used until ready: fresh", s -> s.freshCpu);
        timeRow(table, "CPU used until ready: existing (empty)", s -> s.existingCpu);
        if (objects > 0) {
            timeRow(table, "CPU used until ready: " + objects + " objects", s -> s.existingLoadedCpu);
        }
        timeRow(table, "first write after a fresh start", s -> s.firstWrite);
        timeRow(table, "CPU used by the first write", s -> s.firstWriteCpu);
        rssRow(table, "RSS idle, 2 s after a fresh start", s -> List.of(Samples.medianBytes(s.idleRss)));
        if (objects > 0) {
            rssRow(table, "RSS 2 s after creating " + objects + " objects", s -> List.of(s.rssAfterLoad));
            rssRow(table, "RSS idle, 2 s after a start with " + objects,
                    s -> List.of(Samples.medianBytes(s.loadedIdleRss)));
        }
        table.print(out);
        if (skiff.size() >= 3) {
            cacheTable().print(out);
        }
        for (StartupSeries s : skiff) {
            if (objects == 0) {
                out.printf("%s: spawn to the \"ready at\" line on stdout, fresh: %s%n", s.name,
                        Samples.durations(s.freshReadyLine));
                continue;
            }
            out.printf("%s: spawn to the \"ready at\" line on stdout, fresh: %s; %d pod creates at 64 clients took %s%n",
                    s.name, Samples.durations(s.freshReadyLine), objects, Format.millis(s.loadTime));
        }
        if (etcd != null && objects > 0) {
            out.printf("%s: %d puts of %d-byte values (the size of one stored pod) at 64 clients took %s%n",
                    etcd.name, objects, podBytes, Format.millis(etcd.loadTime));
        }
    }

    private ResultTable cacheTable() {
        StartupSeries with = skiff.getLast();
        StartupSeries without = skiff.get(skiff.size() - 2);
        ResultTable table = new ResultTable("Start-up cache: the same server and flags with and without it",
                "measure (median)", without.name, with.name, "ratio with/without");
        List<Function<StartupSeries, List<Duration>>> samples = List.of(s -> s.fresh, s -> s.existing,
                s -> s.existingLoaded, s -> s.freshCpu, s -> s.existingCpu, s -> s.existingLoadedCpu);
        List<String> names = List.of("fresh data dir", "existing data dir (empty)", "existing, " + objects + " objects",
                "CPU until ready: fresh", "CPU until ready: existing (empty)", "CPU until ready: " + objects + " objects");
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).apply(with).isEmpty()) {
                continue; // the phases with objects, when left out
            }
            Duration a = Samples.median(samples.get(i).apply(without));
            Duration b = Samples.median(samples.get(i).apply(with));
            table.row(names.get(i), Format.millis(a), Format.millis(b), Format.ratio(b, a));
        }
        return table;
    }

    private void timeRow(ResultTable table, String name, Function<StartupSeries, List<Duration>> samples) {
        String[] cells = new String[1 + skiff.size() + 1 + skiff.size()];
        cells[0] = name;
        for (int i = 0; i < skiff.size(); i++) {
            cells[1 + i] = Samples.durations(samples.apply(skiff.get(i)));
            cells[2 + skiff.size() + i] = etcd == null ? "n/a"
                    : Format.ratio(Samples.median(samples.apply(skiff.get(i))), Samples.median(samples.apply(etcd)));
        }
        cells[1 + skiff.size()] = etcd == null ? "n/a" : Samples.durations(samples.apply(etcd));
        table.row(cells);
    }

    private void rssRow(ResultTable table, String name, Function<StartupSeries, List<Long>> bytes) {
        String[] cells = new String[1 + skiff.size() + 1 + skiff.size()];
        cells[0] = name;
        for (int i = 0; i < skiff.size(); i++) {
            long mine = bytes.apply(skiff.get(i)).getFirst();
            cells[1 + i] = Format.mebibytes(mine);
            cells[2 + skiff.size() + i] = etcd == null ? "n/a" : Format.ratio(mine, bytes.apply(etcd).getFirst());
        }
        cells[1 + skiff.size()] = etcd == null ? "n/a" : Format.mebibytes(bytes.apply(etcd).getFirst());
        table.row(cells);
    }
}
