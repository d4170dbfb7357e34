package skiff.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.random.RandomGenerator;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.client.leaderelection.LeaderElectionTimings;
import skiff.client.leaderelection.LeaderElector;
import skiff.client.leaderelection.LeaseLock;

/**
 * One of the server's components (the controllers, the scheduler) run only while this server holds the component's
 * Lease in kube-system, as kube-controller-manager and kube-scheduler run with --leader-elect: several servers on one
 * etcd then run each component once. The Lease is held through an API client of the component's own user, with
 * requests timed out within the renew deadline, and Events with reason LeaderElection are recorded about it.
 */
final class ComponentLeadership implements AutoCloseable {
    private final ComponentClient client;
    private final EventRecorder events;
    private final LeaderElector elector;

    private ComponentLeadership(ComponentClient client, EventRecorder events, LeaderElector elector) {
        this.client = client;
        this.events = events;
        this.elector = elector;
    }

    /**
     * Starts trying to lead {@code lease}: {@code start} runs once this server leads, {@code stop} when it stops
     * leading or closes.
     */
    static ComponentLeadership start(String lease, Config config, String identity, LeaderElectionTimings timings,
            Clock clock, Runnable start, Runnable stop) {
        ComponentClient client = new ComponentClient(new ConfigBuilder(config)
                .withRequestTimeout((int) timings.renewDeadline().toMillis()).withRequestRetryBackoffLimit(0)
                .build());
        EventRecorder events = EventRecorder.forApi(client.client(), clock, lease);
        LeaderElector elector = new LeaderElector(new LeaseLock(client.client(), "kube-system", lease, events),
                identity, timings, new LeaderElector.Callbacks() {
                    @Override
                    public void startedLeading() {
                        start.run();
                    }

                    @Override
                    public void stoppedLeading() {
                        stop.run();
                    }
                }, clock, RandomGenerator.getDefault());
        return new ComponentLeadership(client, events, elector.start());
    }

    /**
     * This server's candidate identity: the host name and an id kept in the data directory (k/k uses the host name
     * and a fresh UUID; a kept one lets a restarted server take its own Lease back at once rather than wait out the
     * lease of its previous run).
     */
    static String identity(Path dataDir) {
        Path file = dataDir.resolve("leader-election-id");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
            }
            return host() + "_" + Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the leader election id in " + file, e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    boolean isLeader() {
        return elector.isLeader();
    }

    /** Stops the component if it leads and gives the Lease up, then closes the client. */
    @Override
    public void close() {
        elector.close();
        events.close();
        client.close();
    }
}
