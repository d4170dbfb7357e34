package skiff.bench.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.kubelet.proxy.HostCommand;
import skiff.kubelet.proxy.NftRenderer;
import skiff.kubelet.proxy.ProxyModel;
import skiff.kubelet.proxy.ProxyNetworks;
import skiff.kubelet.proxy.ProxySyncer;

/**
 * The service proxy's time from an endpoint change to the rules being in place, with S Services of E endpoints each
 * (default 1,000 x 10 = 10,000 endpoints), in a network namespace the benchmark creates: the proxy's model, render
 * and {@code nft -f -} of one transaction, as its sync loop runs them. Each round changes one endpoint of one Service
 * and programs it twice, alternating: a partial sync (what the proxy does) and a full sync (every chain and map
 * rewritten, the reference); plus the new-table sync the proxy does at start.
 */
public final class ProxySyncBenchmark {
    private static final int ROUNDS = 9;

    private final Scale scale;
    private final Clock clock;

    public ProxySyncBenchmark(Scale scale, Clock clock) {
        this.scale = scale;
        this.clock = clock;
    }

    public void run() {
        int services = scale.count(1000);
        int perService = 10;
        String netns = "skpxbench" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        HostCommand.here().run(null, "ip", "netns", "add", netns);
        NftRenderer renderer = new NftRenderer(new ProxyNetworks("10.42.0.0/16", "10.43.0.0/16"));
        ProxySyncer syncer = new ProxySyncer(HostCommand.inNetns(netns), renderer);
        try {
            syncer.start();
            List<Service> svc = new ArrayList<>();
            List<EndpointSlice> slices = new ArrayList<>();
            for (int s = 0; s < services; s++) {
                svc.add(service(s));
                slices.add(slice(s, perService, 0));
            }
            long[] create = new long[3];
            for (int i = 0; i < create.length; i++) {
                syncer.close();
                syncer.start();
                create[i] = timeSync(syncer, svc, slices);
            }
            long[] partial = new long[ROUNDS];
            long[] full = new long[ROUNDS];
            long[] partialNft = new long[ROUNDS];
            long[] fullNft = new long[ROUNDS];
            long[] partialBytes = new long[ROUNDS];
            long[] fullBytes = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                // One endpoint of one Service is replaced (a pod restarted with a new IP).
                int target = (r * 37) % services;
                slices.set(target, slice(target, perService, 1 + 2 * r));
                long start = clock.nanoTime();
                var result = syncer.sync(ProxyModel.desiredState(svc, slices, "n1"), false);
                partial[r] = clock.nanoTime() - start;
                partialBytes[r] = result.transaction().text().length();
                partialNft[r] = result.nftNanos();
                slices.set(target, slice(target, perService, 2 + 2 * r));
                start = clock.nanoTime();
                result = syncer.sync(ProxyModel.desiredState(svc, slices, "n1"), true);
                full[r] = clock.nanoTime() - start;
                fullBytes[r] = result.transaction().text().length();
                fullNft[r] = result.nftNanos();
            }
            ResultTable table = new ResultTable(String.format(Locale.ROOT,
                    "Service proxy: one endpoint change to rules in place (model + render + nft -f -), %,d Services,"
                            + " %,d endpoints, median of %d (min-max)", services, services * perService, ROUNDS),
                    "sync", "time", "of which nft -f", "nft input", "ratio to full");
            long fullMedian = median(full);
            table.row("partial (what the proxy does)", range(partial), range(partialNft), kib(median(partialBytes)),
                    Format.ratio(median(partial), fullMedian));
            table.row("full (every chain and map rewritten)", range(full), range(fullNft), kib(median(fullBytes)), "1.00x");
            table.row("new table (at start, median of 3)", range(create), "-", "-",
                    Format.ratio(median(create), fullMedian));
            table.print(System.out);
        } finally {
            syncer.close();
            HostCommand.here().run(null, "ip", "netns", "del", netns);
        }
    }

    private long timeSync(ProxySyncer syncer, List<Service> svc, List<EndpointSlice> slices) {
        long start = clock.nanoTime();
        syncer.sync(ProxyModel.desiredState(svc, slices, "n1"), true);
        return clock.nanoTime() - start;
    }

    private static Service service(int s) {
        return new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + s).endMetadata()
                .withNewSpec().withClusterIP("10.43." + (s / 250) + "." + (s % 250 + 1)).addNewPort()
                .withName("http").withProtocol("TCP").withPort(80).endPort().endSpec().build();
    }

    private static EndpointSlice slice(int s, int endpoints, int generation) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("bench")
                .withName("svc-" + s + "-1").addToLabels("kubernetes.io/service-name", "svc-" + s).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withProtocol("TCP").withPort(8080).endPort();
        for (int e = 0; e < endpoints; e++) {
            int n = s * endpoints + e;
            // The first endpoint's address moves with each generation.
            int host = e == 0 ? 200 + generation % 50 : n % 200;
            b.addNewEndpoint().withAddresses("10.42." + (n / 200) + "." + (host + 1)).withNewConditions()
                    .withReady(true).endConditions().endEndpoint();
        }
        return b.build();
    }

    private static long median(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    private static String range(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return Format.millis(Duration.ofNanos(median(nanos))) + " (" + Format.millis(Duration.ofNanos(copy[0])) + "-"
                + Format.millis(Duration.ofNanos(copy[copy.length - 1])) + ")";
    }

    private static String kib(long chars) {
        return String.format(Locale.ROOT, "%,.0f KiB", chars / 1024.0);
    }
}
