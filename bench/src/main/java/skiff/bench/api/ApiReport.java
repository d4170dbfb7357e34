package skiff.bench.api;

import java.io.PrintStream;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;

/** The API benchmark's tables: the embedded store against the memory store, side by side with their ratio. */
record ApiReport(ApiRun embedded, ApiRun memory) {

    void print(PrintStream out) {
        ResultTable creates = new ResultTable("API: pod creates (HTTP/2, one TLS connection per client; the two servers take turns)",
                "clients", "creates", "embedded creates/s", "p50", "p99", "memory creates/s", "p50", "p99",
                "embedded/memory creates/s");
        for (int i = 0; i < embedded.creates.size(); i++) {
            Latencies e = embedded.creates.get(i).latencies();
            Latencies m = memory.creates.get(i).latencies();
            creates.row(Integer.toString(embedded.creates.get(i).clients()), Integer.toString(e.count()),
                    Format.rate(e.perSecond()), Format.millis(e.p50()), Format.millis(e.p99()),
                    Format.rate(m.perSecond()), Format.millis(m.p50()), Format.millis(m.p99()),
                    Format.ratio(e.perSecond(), m.perSecond()));
        }
        creates.print(out);

        ResultTable lists = new ResultTable("API: list every pod of a namespace ("
                + embedded.creates.stream().mapToInt(c -> c.latencies().count()).sum() + " pods, JSON, "
                + Format.mebibytes(embedded.listBytes) + " per full response)",
                "request", "embedded median", "min", "memory median", "min", "embedded/memory median");
        listRow(lists, "one full list (10 runs)", embedded.fullList(), memory.fullList());
        listRow(lists, "pages of 500 (3 walks)", embedded.pagedList(), memory.pagedList());
        lists.print(out);

        ResultTable watch = new ResultTable("API: watch delivery, 100 watchers on 10 connections, "
                + "one create every ~10 ms",
                "measure", "embedded p50", "p99", "memory p50", "p99");
        WatchLatency.Result ew = embedded.watch;
        WatchLatency.Result mw = memory.watch;
        watch.row("create acknowledged -> event read", Format.millis(ew.afterAck().p50()),
                Format.millis(ew.afterAck().p99()), Format.millis(mw.afterAck().p50()), Format.millis(mw.afterAck().p99()));
        watch.row("create sent -> event read", Format.millis(ew.afterSend().p50()),
                Format.millis(ew.afterSend().p99()), Format.millis(mw.afterSend().p50()),
                Format.millis(mw.afterSend().p99()));
        watch.row("events delivered / missing", ew.afterAck().count() + " / " + ew.missing(), "",
                mw.afterAck().count() + " / " + mw.missing(), "");
        watch.print(out);

        out.printf("Server RSS at the end: embedded %s, memory %s%n", Format.mebibytes(embedded.residentBytes),
                Format.mebibytes(memory.residentBytes));
    }

    private static void listRow(ResultTable table, String name, Latencies e, Latencies m) {
        table.row(name, Format.millis(e.p50()), Format.millis(e.min()), Format.millis(m.p50()),
                Format.millis(m.min()), Format.ratio(e.p50(), m.p50()));
    }
}
