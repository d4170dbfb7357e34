package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a stream of creates: every acknowledged create survives, resourceVersions keep going up,
 * and a watch that stopped before the crash, resumed on the restarted server from the last resourceVersion it saw,
 * misses nothing and repeats nothing.
 */
class CrashSafetyTest {
    private static final String NS = "crash";
    private static final int WRITERS = 8;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private SkiffProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** What the server answered to one create. */
    record Acknowledged(String uid, long resourceVersion) {}

    @Test
    void everyAcknowledgedCreateSurvivesKillNineAndAResumedWatchSeesEachExactlyOnce() throws Exception {
        // Every ConfigMap of the namespace is the test's: no kube-root-ca.crt published into it.
        server = SkiffProcess.start(dir.resolve("data"), List.of("--disable-controllers", "root-ca-cert-publisher"));
        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        RecordingWatcher beforeCrash = new RecordingWatcher();

        try (KubernetesClient client = newClient(server)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).create();
            String listVersion = client.configMaps().inNamespace(NS).list().getMetadata().getResourceVersion();
            try (Watch watch = client.configMaps().inNamespace(NS)
                    .watch(new ListOptionsBuilder().withResourceVersion(listVersion).build(), beforeCrash)) {
                createUntilKilled(client, acknowledged, watch::close);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        long lastSeen = beforeCrash.lastResourceVersion().orElseThrow();

        server = server.restart();
        RecordingWatcher afterCrash = new RecordingWatcher();
        try (KubernetesClient client = newClient(server);
                Watch watch = client.configMaps().inNamespace(NS)
                        .watch(new ListOptionsBuilder().withResourceVersion(Long.toString(lastSeen)).build(),
                                afterCrash)) {
            Map<String, Acknowledged> stored = client.configMaps().inNamespace(NS).list().getItems().stream()
                    .collect(Collectors.toMap(c -> c.getMetadata().getName(), CrashSafetyTest::acknowledgement));

            // 1. Every acknowledged create is there, unchanged.
            assertThat(stored).containsAllEntriesOf(acknowledged);

            // 2. New writes get higher resourceVersions than anything written before the crash.
            long newestStored = stored.values().stream().mapToLong(Acknowledged::resourceVersion).max().orElseThrow();
            assertThat(lastSeen).as("the watch resumes from before the crashed server's last writes")
                    .isLessThan(newestStored);
            ConfigMap sentinel = client.configMaps().inNamespace(NS).resource(configMap("after-restart")).create();
            long sentinelVersion = Long.parseLong(sentinel.getMetadata().getResourceVersion());
            assertThat(sentinelVersion).isGreaterThan(newestStored);

            // 3. The resumed watch delivers everything after lastSeen, then the sentinel; events are ordered.
            assertThat(afterCrash.await(e -> e.name().equals("after-restart"), TIMEOUT))
                    .as("the resumed watch delivers the first create after the restart; it ended with %s, events: %s",
                            afterCrash.closedBy(), afterCrash.events()).isTrue();
            List<RecordingWatcher.Event> resumed = afterCrash.events();
            assertThat(resumed).allMatch(e -> e.action() == Action.ADDED, "only ADDED events")
                    .allMatch(e -> e.resourceVersion() > lastSeen, "only events after the resume point");
            assertThat(resumed.stream().map(RecordingWatcher.Event::resourceVersion).toList()).isSorted()
                    .doesNotHaveDuplicates();

            // 4. Together the two watches saw each stored object exactly once, and nothing that is not stored.
            List<String> seenByBoth = new ArrayList<>();
            beforeCrash.events().forEach(e -> seenByBoth.add(e.name()));
            resumed.forEach(e -> seenByBoth.add(e.name()));
            assertThat(seenByBoth).doesNotHaveDuplicates();
            Set<String> expected = new HashSet<>(stored.keySet());
            expected.add("after-restart");
            assertThat(seenByBoth).containsExactlyInAnyOrderElementsOf(expected);
            Map<String, Long> storedAfterLastSeen = new HashMap<>();
            stored.forEach((name, ack) -> {
                if (ack.resourceVersion() > lastSeen) {
                    storedAfterLastSeen.put(name, ack.resourceVersion());
                }
            });
            assertThat(resumed.stream().filter(e -> !e.name().equals("after-restart"))
                    .collect(Collectors.toMap(RecordingWatcher.Event::name, RecordingWatcher.Event::resourceVersion)))
                    .isEqualTo(storedAfterLastSeen);
        }
    }

    /**
     * Several virtual threads create ConfigMaps as fast as the server acknowledges them. Halfway the watch stops, so
     * that the creates after it are only seen when it resumes; once enough are acknowledged the server is killed
     * with SIGKILL while they keep going.
     */
    private void createUntilKilled(KubernetesClient client, Map<String, Acknowledged> acknowledged,
            Runnable stopWatching) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch halfway = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL / 2);
        CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(executor.submit(() -> {
                    for (int i = 0; !killed.get(); i++) {
                        String name = "cm-" + writer + "-" + i;
                        try {
                            ConfigMap created = client.configMaps().inNamespace(NS).resource(configMap(name)).create();
                            acknowledged.put(name, acknowledgement(created));
                            halfway.countDown();
                            enough.countDown();
                        } catch (RuntimeException e) {
                            if (!killed.get()) {
                                throw e;
                            }
                        }
                    }
                    return null;
                }));
            }
            try {
                assertThat(halfway.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("%d creates acknowledged within %s", ACKNOWLEDGED_BEFORE_KILL / 2, TIMEOUT).isTrue();
                stopWatching.run();
                assertThat(enough.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("%d creates acknowledged within %s", ACKNOWLEDGED_BEFORE_KILL, TIMEOUT).isTrue();
            } finally {
                killed.set(true);
                server.kill9();
            }
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
    }

    private static Acknowledged acknowledgement(ConfigMap configMap) {
        return new Acknowledged(configMap.getMetadata().getUid(),
                Long.parseLong(configMap.getMetadata().getResourceVersion()));
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("payload", name.repeat(8)).build();
    }

    /**
     * A client from the written kubeconfig that does not retry, so that writes fail at once when the server dies;
     * that waits long for connections and answers, so that a slow shared machine does not fail a create before the
     * kill; and that watches over plain HTTP streams, as the server does not accept fabric8's default WebSocket
     * watches yet.
     */
    private static KubernetesClient newClient(SkiffProcess server) {
        Config config = server.clientConfig();
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout((int) TIMEOUT.toMillis());
        config.setRequestTimeout((int) TIMEOUT.toMillis());
        config.setOnlyHttpWatches(true);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
