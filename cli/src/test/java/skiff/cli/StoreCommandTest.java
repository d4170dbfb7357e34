package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import skiff.controllers.BuiltinControllers;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.store.etcd.EtcdExtension;
import skiff.store.etcd.EtcdServer;

/**
 * {@code skiff store snapshot|restore|migrate} as a user runs them beside a server of the test's own: a snapshot
 * while it runs, no restore or migration under it, and a cluster migrated into etcd served by a server on etcd with
 * the same data dir, objects, CA and token.
 */
@ExtendWith(EtcdExtension.class)
class StoreCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run skiff(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SkiffCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anEmbeddedClusterMigratedIntoEtcdIsServedWithItsObjectsAndIdentity(EtcdServer etcd) throws Exception {
        Path data = dir.resolve("data");
        // Only the API server and its store: no kubelet, controllers, scheduler or DNS to start twice.
        Set<String> everything = new HashSet<>(BuiltinControllers.names());
        everything.addAll(Set.of(SkiffServerOptions.SCHEDULER, SkiffServerOptions.DNS));
        SkiffServerOptions options = SkiffServerOptions.defaults(data).withPort(0)
                .withKubelet(KubeletOptions.disabled()).withDisabledControllers(everything);
        String endpoints = etcd.endpoint().toString();
        Path snapshot = dir.resolve("backup.db");
        ConfigMap created;
        String ca;
        String token;
        try (SkiffServer server = SkiffServer.start(options); KubernetesClient client = server.newClient()) {
            ca = server.caCertificatePem();
            token = server.adminToken();
            created = client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                    .withNamespace("default").endMetadata().withData(Map.of("color", "blue")).build()).create();

            Run saved = skiff("store", "snapshot", "--data-dir", data.toString(), snapshot.toString());
            assertThat(saved.code()).as(saved.err()).isZero();
            assertThat(saved.out()).startsWith("Saved the embedded store at revision ").contains(snapshot.toString());
            assertThat(Files.size(snapshot)).isPositive();

            Run restore = skiff("store", "restore", "--data-dir", data.toString(), snapshot.toString());
            assertThat(restore.code()).isEqualTo(1);
            assertThat(restore.err()).startsWith("skiff store restore: ").contains("is in use by another process");
            Run migrate = skiff("store", "migrate", "--to", "etcd", "--data-dir", data.toString(),
                    "--etcd-endpoints", endpoints, "--etcd-prefix", "/cli-migrated");
            assertThat(migrate.code()).isEqualTo(1);
            assertThat(migrate.err()).contains("is in use by another process");
        }

        Run migrated = skiff("store", "migrate", "--to", "etcd", "--data-dir", data.toString(),
                "--etcd-endpoints", endpoints, "--etcd-prefix", "/cli-migrated");
        assertThat(migrated.code()).as(migrated.err()).isZero();
        assertThat(migrated.out()).startsWith("Copied ").contains("into etcd under /cli-migrated")
                .contains("skiff server --data-dir " + data + " --store etcd --etcd-endpoints " + endpoints
                        + " --etcd-prefix /cli-migrated");
        Run again = skiff("store", "migrate", "--to", "etcd", "--data-dir", data.toString(),
                "--etcd-endpoints", endpoints, "--etcd-prefix", "/cli-migrated");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("etcd already holds").contains("--force");

        SkiffServerOptions onEtcd = options.withEtcd(etcd.options().withPrefix("/cli-migrated"));
        try (SkiffServer server = SkiffServer.start(onEtcd); KubernetesClient client = server.newClient()) {
            ConfigMap served = client.configMaps().inNamespace("default").withName("settings").get();
            assertThat(served.getData()).isEqualTo(Map.of("color", "blue"));
            assertThat(served.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(served.getMetadata().getCreationTimestamp())
                    .isEqualTo(created.getMetadata().getCreationTimestamp());
            assertThat(server.caCertificatePem()).isEqualTo(ca);
            assertThat(server.adminToken()).isEqualTo(token);
            assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .containsOnlyOnce("default", "kube-system", "kube-public", "kube-node-lease");
        }
    }

    @Test
    void etcdsSnapshotIsSavedAndItsRestoreNeedsANewDataDirectory(EtcdServer etcd) {
        Path snapshot = dir.resolve("etcd.snapshot");

        Run saved = skiff("store", "snapshot", "--store", "etcd", "--etcd-endpoints", etcd.endpoint().toString(),
                snapshot.toString());

        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.out()).startsWith("Saved etcd's snapshot to " + snapshot);
        Run restore = skiff("store", "restore", "--store", "etcd", snapshot.toString());
        assertThat(restore.code()).isEqualTo(2);
        assertThat(restore.err()).contains("--store etcd needs --etcd-data-dir");
        Run into = skiff("store", "restore", "--store", "etcd", "--etcd-data-dir", dir.toString(),
                snapshot.toString());
        assertThat(into.code()).isEqualTo(1);
        assertThat(into.err()).contains("etcd restores a snapshot into a new data directory");
    }

    @Test
    void aDataDirWithoutAnEmbeddedStoreIsNamed() {
        Run saved = skiff("store", "snapshot", "--data-dir", dir.resolve("empty").toString(),
                dir.resolve("x.db").toString());

        assertThat(saved.code()).isEqualTo(2);
        assertThat(saved.err()).contains("there is no embedded store in " + dir.resolve("empty"));
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
