package skiff.bench;

import java.util.Arrays;
import java.util.List;
import skiff.api.time.Clock;
import skiff.bench.api.ApiBenchmark;
import skiff.bench.decode.DecodeBenchmark;
import skiff.bench.etcd.EtcdApiBenchmark;
import skiff.bench.etcd.FailoverBenchmark;
import skiff.bench.dns.DnsBenchmark;
import skiff.bench.rbac.RbacBenchmark;
import skiff.bench.cel.CelBenchmark;
import skiff.bench.pods.PodStartupBenchmark;
import skiff.bench.pull.PullBenchmark;
import skiff.bench.job.JobBenchmark;
import skiff.bench.proxy.ProxySyncBenchmark;
import skiff.bench.replicaset.ReplicaSetBenchmark;
import skiff.bench.scheduler.SchedulerBenchmark;
import skiff.bench.startup.StartupBenchmark;
import skiff.bench.store.StoreBenchmark;

/**
 * {@code bin/bench startup|api|etcd|failover|decode|store|pods|scheduler|replicaset|job|pull|proxy|dns|rbac|cel|all}: runs the benchmarks and prints one Markdown table each, every one with
 * a reference measured in the same run. System properties: {@code skiff.bench.scale} (counts and durations,
 * default 1), {@code skiff.bench.tmp} (where data directories go), {@code skiff.bench.serverJvmOptions} (extra
 * flags for the API benchmark's server), {@code skiff.bench.etcd} (the etcd binary),
 * {@code skiff.bench.failover.kills} (leader kills in the failover benchmark, default 10),
 * {@code skiff.bench.scheduler.nodes}, {@code skiff.bench.replicaset.nodes} (simulated cluster sizes),
 * {@code skiff.bench.pods.runc} ({@code false}: the pods benchmark measures the process runtime only).
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("all") : Arrays.asList(args);
        for (String name : which) {
            if (!List.of("startup", "api", "etcd", "failover", "decode", "store", "pods", "scheduler", "replicaset", "job", "pull",
                    "proxy", "dns", "rbac", "cel",
                    "all").contains(name)) {
                System.err.println("usage: bin/bench startup|api|etcd|failover|decode|store|pods|scheduler|replicaset|job|pull|proxy|dns|rbac|cel|all");
                System.exit(2);
            }
        }
        boolean all = which.contains("all");
        Scale scale = Scale.fromSystemProperty();
        Clock clock = Clock.system();
        long start = clock.nanoTime();
        try (Workspace ws = Workspace.open(clock)) {
            MachineFacts.print(ws, System.out);
            if (all || which.contains("startup")) {
                section("startup", () -> new StartupBenchmark(ws, scale).run());
            }
            if (all || which.contains("api")) {
                section("api", () -> new ApiBenchmark(ws, scale, serverJvmOptions()).run());
            }
            if (all || which.contains("etcd")) {
                section("etcd", () -> new EtcdApiBenchmark(ws, scale, serverJvmOptions()).run());
            }
            if (all || which.contains("failover")) {
                section("failover", () -> new FailoverBenchmark(ws, scale, serverJvmOptions()).run());
            }
            if (all || which.contains("decode")) {
                section("decode", () -> new DecodeBenchmark(scale, clock).run());
            }
            if (all || which.contains("store")) {
                section("store", () -> new StoreBenchmark(ws, scale).run());
            }
            if (all || which.contains("pods")) {
                section("pods", () -> new PodStartupBenchmark(ws, scale, serverJvmOptions()).run());
            }
            if (all || which.contains("scheduler")) {
                section("scheduler", () -> new SchedulerBenchmark(scale, clock).run());
            }
            if (all || which.contains("job")) {
                section("job", () -> new JobBenchmark(scale, clock).run());
            }
            if (all || which.contains("replicaset")) {
                section("replicaset", () -> new ReplicaSetBenchmark(scale, clock).run());
            }
            if (all || which.contains("pull")) {
                section("pull", () -> new PullBenchmark(ws, scale).run());
            }
            if (all || which.contains("proxy")) {
                section("proxy", () -> new ProxySyncBenchmark(scale, clock).run());
            }
            if (all || which.contains("dns")) {
                section("dns", () -> new DnsBenchmark(ws, scale).run());
            }
            if (all || which.contains("rbac")) {
                section("rbac", () -> new RbacBenchmark(ws, scale).run());
            }
            if (all || which.contains("cel")) {
                section("cel", () -> new CelBenchmark(ws, scale).run());
            }
        }
        System.out.printf("%nbench: done in %.0f s%n", (clock.nanoTime() - start) / 1e9);
        System.exit(0); // jetcd's and the HTTP clients' threads must not keep the JVM alive
    }

    /** A benchmark's body. */
    private interface Benchmark {
        void run() throws Exception;
    }

    private static void section(String name, Benchmark benchmark) throws Exception {
        System.out.printf("%n%s: load average before: %s%n", name, LoadAverage.now());
        benchmark.run();
        System.out.printf("%s: load average after: %s%n", name, LoadAverage.now());
    }

    private static List<String> serverJvmOptions() {
        String options = System.getProperty("skiff.bench.serverJvmOptions", "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }
}
