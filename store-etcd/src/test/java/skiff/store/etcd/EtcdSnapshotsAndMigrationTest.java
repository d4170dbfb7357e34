package skiff.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.KeyValue;
import skiff.store.StoreException;
import skiff.store.WriteResult;
import skiff.store.memory.MemoryKeyValueStore;

/**
 * An etcd snapshot restored with etcd's own tool serves the same keys at the same revisions; a store migrated into
 * etcd serves the same keys and values under the target prefix, at etcd's revisions. Each test runs an etcd of its
 * own (the migration compacts the whole keyspace).
 */
@ExtendWith(EtcdExtension.class)
class EtcdSnapshotsAndMigrationTest {
    @TempDir
    Path directory;

    @Test
    void aSnapshotRestoredWithEtcdsToolServesTheSameKeysAtTheSameRevisions() throws IOException {
        Path snapshot = directory.resolve("etcd.snapshot");
        List<KeyValue> before;
        try (EtcdServer etcd = EtcdServer.start();
                EtcdKeyValueStore store = EtcdKeyValueStore.open(etcd.options(), "/registry")) {
            for (int i = 0; i < 50; i++) {
                store.create("/registry/configmaps/default/cm-" + i, value(i));
            }
            KeyValue first = store.get("/registry/configmaps/default/cm-0").orElseThrow();
            store.update(first.key(), value(100), first.modRevision());
            before = store.range("/registry/", null, 0, 0).items();

            long bytes = EtcdSnapshots.save(etcd.options(), snapshot);
            assertThat(bytes).isEqualTo(java.nio.file.Files.size(snapshot)).isPositive();
        }

        int peerPort = freePort();
        Path restored = directory.resolve("restored/data");
        new EtcdRestore(snapshot, restored, "skiff-test", URI.create("http://127.0.0.1:" + peerPort)).run();

        EtcdServer etcd = EtcdServer.start(restored, freePort(), peerPort);
        try (EtcdKeyValueStore store = EtcdKeyValueStore.open(etcd.options(), "/registry")) {
            assertThat(store.range("/registry/", null, 0, 0).items()).isEqualTo(before);
            long revision = before.stream().mapToLong(KeyValue::modRevision).max().orElseThrow();
            assertThat(store.currentRevision()).isEqualTo(revision);
        } finally {
            etcd.stop();
        }
    }

    @Test
    void restoringIntoAnExistingDirectoryIsRefused() {
        assertThatThrownBy(() -> new EtcdRestore(directory.resolve("any.snapshot"), directory, "default",
                EtcdRestore.DEFAULT_PEER_URL).run())
                .isInstanceOf(StoreException.class).hasMessageContaining("into a new data directory");
    }

    @Test
    void aMigratedStoreServesTheSameKeysAndValuesAndOldRevisionsAreGone() {
        MemoryKeyValueStore source = new MemoryKeyValueStore();
        for (int i = 0; i < 300; i++) {
            source.create("/registry/configmaps/default/cm-" + i, value(i));
        }
        // A value far over one transaction's share is copied on its own.
        source.create("/registry/secrets/default/big", new byte[1_200_000]);
        source.delete("/registry/configmaps/default/cm-7", 0);
        List<KeyValue> expected = source.range("/registry/", null, 0, 0).items();

        try (EtcdServer etcd = EtcdServer.start()) {
            EtcdOptions target = etcd.options().withPrefix("/skiff-migrated");
            EtcdMigration.Result result = EtcdMigration.copy(source, target, false);

            assertThat(result.keys()).isEqualTo(expected.size());
            assertThat(result.sourceRevision()).isEqualTo(source.currentRevision());
            try (EtcdKeyValueStore store = EtcdKeyValueStore.open(target, "/registry")) {
                List<KeyValue> copied = store.range("/registry/", null, 0, 0).items();
                assertThat(copied).extracting(KeyValue::key)
                        .containsExactlyElementsOf(expected.stream().map(KeyValue::key).toList());
                for (int i = 0; i < copied.size(); i++) {
                    assertThat(copied.get(i).value()).as(copied.get(i).key()).isEqualTo(expected.get(i).value());
                    assertThat(copied.get(i).modRevision()).isLessThanOrEqualTo(result.etcdRevision());
                }
                assertThat(store.compactRevision()).isEqualTo(result.etcdRevision());
                assertThat(((WriteResult.Committed) store.create("/registry/configmaps/default/new", value(0)))
                        .revision()).isEqualTo(result.etcdRevision() + 1);
            }

            assertThatThrownBy(() -> EtcdMigration.copy(source, target, false)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("etcd already holds " + (expected.size() + 1) + " keys under /skiff-migrated");

            EtcdMigration.Result replaced = EtcdMigration.copy(source, target, true);
            assertThat(replaced.keys()).isEqualTo(expected.size());
            try (EtcdKeyValueStore store = EtcdKeyValueStore.open(target, "/registry")) {
                assertThat(store.get("/registry/configmaps/default/new")).isEmpty();
                assertThat(store.count("/registry/")).isEqualTo(expected.size());
            }
        }
    }

    private static byte[] value(int i) {
        return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
