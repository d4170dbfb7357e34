package skiff.bench.etcd;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.api.WatchLatency;

/** The etcd benchmark's tables, filled in as its interleaved phases run. */
final class EtcdApiReport {
    /** Pod creates at one concurrency on each backend. */
    record CreateLevel(int clients, Latencies etcd, Latencies embedded) {}

    final List<CreateLevel> creates = new ArrayList<>();
    final List<WatchLatency.Result> sameServer = new ArrayList<>();
    final List<WatchLatency.Result> acrossServers = new ArrayList<>();

    void print(PrintStream out) {
        ResultTable table = new ResultTable("API: pod creates, --store etcd against --store embedded (HTTP/2, one TLS "
                + "connection per client; the two servers take turns)",
                "clients", "creates", "etcd creates/s", "p50", "p99", "embedded creates/s", "p50", "p99",
                "etcd/embedded creates/s");
        for (CreateLevel level : creates) {
            Latencies e = level.etcd();
            Latencies m = level.embedded();
            table.row(Integer.toString(level.clients()), Integer.toString(e.count()), Format.rate(e.perSecond()),
                    Format.millis(e.p50()), Format.millis(e.p99()), Format.rate(m.perSecond()),
                    Format.millis(m.p50()), Format.millis(m.p99()), Format.ratio(e.perSecond(), m.perSecond()));
        }
        table.print(out);
        if (sameServer.isEmpty()) {
            return;
        }
        ResultTable watch = new ResultTable("API: watch delivery on one etcd, 100 watchers on 10 connections, one "
                + "create through server A every ~10 ms (" + sameServer.size() + " rounds, taking turns)",
                "measure", "watched on B p50", "p99", "watched on A p50", "p99", "B/A p50");
        Latencies acrossAck = merged(acrossServers, WatchLatency.Result::afterAck);
        Latencies sameAck = merged(sameServer, WatchLatency.Result::afterAck);
        Latencies acrossSend = merged(acrossServers, WatchLatency.Result::afterSend);
        Latencies sameSend = merged(sameServer, WatchLatency.Result::afterSend);
        watch.row("create acknowledged -> event read", Format.millis(acrossAck.p50()), Format.millis(acrossAck.p99()),
                Format.millis(sameAck.p50()), Format.millis(sameAck.p99()),
                Format.ratio(acrossAck.p50(), sameAck.p50()));
        watch.row("create sent -> event read", Format.millis(acrossSend.p50()), Format.millis(acrossSend.p99()),
                Format.millis(sameSend.p50()), Format.millis(sameSend.p99()),
                Format.ratio(acrossSend.p50(), sameSend.p50()));
        watch.row("events delivered / missing", acrossAck.count() + " / " + missing(acrossServers), "",
                sameAck.count() + " / " + missing(sameServer), "", "");
        watch.print(out);
    }

    private static Latencies merged(List<WatchLatency.Result> rounds, Function<WatchLatency.Result, Latencies> part) {
        return Latencies.of(rounds.stream().map(r -> part.apply(r).nanos()).toList(), Duration.ZERO,
                missing(rounds));
    }

    private static long missing(List<WatchLatency.Result> rounds) {
        return rounds.stream().mapToLong(WatchLatency.Result::missing).sum();
    }
}
