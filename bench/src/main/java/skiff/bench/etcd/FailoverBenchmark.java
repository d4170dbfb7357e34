package skiff.bench.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.api.PodApi;
import skiff.bench.process.EtcdProcess;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;

/**
 * Two servers on one etcd, the controllers running on the one holding the kube-controller-manager Lease (client-go's
 * 15 s lease, 2 s retry). Each round kills the leader with SIGKILL, creates a ReplicaSet through the other server at
 * once, and times from the kill to a watch on that server showing the set's first pod, which only the new leader's
 * controllers can create, and to the survivor reading itself as the Lease's holder; then the killed server is started again on its data dir. The reference, in the same
 * rounds: the same ReplicaSet create with a live leader.
 */
public final class FailoverBenchmark {
    private static final String NAMESPACE = "failover";
    private static final String LEASE =
            "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager";
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Workspace ws;
    private final Clock clock;
    private final int kills;
    private final List<String> serverJvmOptions;

    public FailoverBenchmark(Workspace ws, Scale scale, List<String> serverJvmOptions) {
        this.ws = ws;
        this.clock = ws.clock();
        this.kills = Integer.getInteger("skiff.bench.failover.kills", scale.count(10));
        this.serverJvmOptions = serverJvmOptions;
    }

    /** A running server and its client. */
    private record Member(SkiffProcess server, PodApi api, String identity) {}

    public void run() throws IOException, InterruptedException {
        if (!ws.hasEtcd()) {
            System.out.println("failover: no etcd binary (apt-get install etcd-server): skipped");
            return;
        }
        long[] failovers = new long[kills];
        long[] steady = new long[kills];
        long[] takeovers = new long[kills];
        try (EtcdProcess etcd = EtcdProcess.start(ws, new ReadinessProbe(ws.clock()),
                ws.newDirectory("failover-etcd").resolve("data"))) {
            List<String> options = ControlPlaneFiles.onEtcd(etcd.endpoint());
            Path dirA = ws.newDirectory("failover-a").resolve("data");
            Path dirB = ws.newDirectory("failover-b").resolve("data");
            List<Member> members = new ArrayList<>();
            try {
                members.add(start(dirA, options));
                ControlPlaneFiles.copy(dirA, dirB);
                members.add(start(dirB, options));
                members.getFirst().api().createNamespace(NAMESPACE);
                for (int round = 0; round < kills; round++) {
                    int leader = leaderIndex(members);
                    Member survivor = members.get(1 - leader);
                    steady[round] = firstPod(survivor.api(), "steady-" + round, () -> { });
                    Member killed = members.get(leader);
                    CompletableFuture<Long> leaseTaken = new CompletableFuture<>();
                    long[] killedAt = new long[1];
                    failovers[round] = firstPod(survivor.api(), "failover-" + round, () -> {
                        killedAt[0] = clock.nanoTime();
                        kill(killed);
                        Thread.ofVirtual().start(() -> awaitLease(survivor, leaseTaken));
                    });
                    takeovers[round] = await(leaseTaken, "the Lease to pass to " + survivor.identity())
                            - killedAt[0];
                    System.out.printf("failover: kill %d of %d: Lease taken after %s, first pod after %s "
                                    + "(reference %s)%n", round + 1, kills,
                            Format.millis(Duration.ofNanos(takeovers[round])),
                            Format.millis(Duration.ofNanos(failovers[round])),
                            Format.millis(Duration.ofNanos(steady[round])));
                    killed.api().close();
                    members.set(leader, start(killed.server().dataDir(), options));
                }
            } finally {
                for (Member m : members) {
                    m.api().close();
                    m.server().close();
                }
            }
        }
        print(Latencies.of(takeovers, Duration.ZERO, 0), Latencies.of(failovers, Duration.ZERO, 0),
                Latencies.of(steady, Duration.ZERO, 0));
    }

    private Member start(Path dataDir, List<String> options) throws IOException, InterruptedException {
        SkiffProcess server = SkiffProcess.start(ws, new ReadinessProbe(clock), dataDir, "etcd", serverJvmOptions,
                options);
        PodApi api = PodApi.of(server);
        api.connect();
        return new Member(server, api, Files.readString(dataDir.resolve("leader-election-id")).strip());
    }

    private static void kill(Member member) {
        try {
            member.server().kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Which member holds the kube-controller-manager Lease, once one does. */
    private int leaderIndex(List<Member> members) throws InterruptedException {
        long deadline = clock.nanoTime() + WAIT.toNanos();
        while (clock.nanoTime() < deadline) {
            for (Member asked : members) {
                String holder = holder(asked.api());
                for (int i = 0; i < members.size(); i++) {
                    if (holder.endsWith("_" + members.get(i).identity())) {
                        return i;
                    }
                }
            }
            clock.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no server took the kube-controller-manager Lease in " + WAIT);
    }

    /** Completes {@code taken} when {@code member} reads itself as the Lease's holder (asked every 100 ms). */
    private void awaitLease(Member member, CompletableFuture<Long> taken) {
        long deadline = clock.nanoTime() + WAIT.toNanos();
        try {
            while (clock.nanoTime() < deadline) {
                if (holder(member.api()).endsWith("_" + member.identity())) {
                    taken.complete(clock.nanoTime());
                    return;
                }
                clock.sleep(Duration.ofMillis(100));
            }
            taken.completeExceptionally(new TimeoutException());
        } catch (InterruptedException e) {
            taken.completeExceptionally(e);
        }
    }

    private static long await(CompletableFuture<Long> future, String what) throws InterruptedException {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no " + what + " within " + WAIT, e);
        }
    }

    private static String holder(PodApi api) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = api.list(LEASE);
            return response.statusCode() == 200
                    ? Json.parse(response.body()).path("spec").path("holderIdentity").asString("") : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Nanoseconds from just before {@code before} runs to {@code via}'s watch showing the first pod of a ReplicaSet
     * {@code name}, created through {@code via} right after {@code before}.
     */
    private long firstPod(PodApi via, String name, Runnable before) throws IOException, InterruptedException {
        String pods = "/api/v1/namespaces/" + NAMESPACE + "/pods?labelSelector=set%3D" + name;
        String rv = Json.parse(via.list(pods).body()).path("metadata").path("resourceVersion").asString();
        HttpResponse<Stream<String>> watch = via.watch(pods + "&watch=true&timeoutSeconds=600&resourceVersion=" + rv);
        if (watch.statusCode() != 200) {
            throw new IllegalStateException("watch answered " + watch.statusCode());
        }
        CompletableFuture<Long> added = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = watch.body()) {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    long at = clock.nanoTime();
                    if (line.startsWith("{\"type\":\"ADDED\"")) {
                        added.complete(at);
                        return;
                    }
                }
                added.completeExceptionally(new IllegalStateException("the watch ended"));
            } catch (UncheckedIOException | IllegalStateException e) {
                added.completeExceptionally(e);
            }
        });
        long start = clock.nanoTime();
        before.run();
        int status = via.post("/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets", replicaSet(name))
                .statusCode();
        if (status != 201) {
            throw new IllegalStateException("creating ReplicaSet " + name + " answered " + status);
        }
        return await(added, "pod of " + name) - start;
    }

    private static String replicaSet(String name) {
        return """
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%1$s"},"spec":{"replicas":1,\
                "selector":{"matchLabels":{"set":"%1$s"}},"template":{"metadata":{"labels":{"set":"%1$s"}},\
                "spec":{"containers":[{"name":"app","image":"busybox:1.36","command":["sleep","3600"]}]}}}}"""
                .formatted(name);
    }

    private void print(Latencies takeover, Latencies failover, Latencies steady) {
        ResultTable table = new ResultTable("Failover: two servers on one etcd, the controllers' leader killed "
                + "(SIGKILL), " + failover.count() + " kills; client-go's 15 s lease, 2 s retry",
                "measure", "median", "min", "max");
        table.row("leader killed -> the survivor holds the Lease (read every 100 ms)", Format.millis(takeover.p50()),
                Format.millis(takeover.min()), Format.millis(takeover.max()));
        table.row("leader killed -> first pod of a new ReplicaSet (the new leader's first reconcile)",
                Format.millis(failover.p50()), Format.millis(failover.min()), Format.millis(failover.max()));
        table.row("reference: live leader, ReplicaSet created -> its first pod", Format.millis(steady.p50()),
                Format.millis(steady.min()), Format.millis(steady.max()));
        table.print(System.out);
    }
}
