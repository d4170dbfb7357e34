package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.controllers.BuiltinControllers;

/**
 * {@code bin/skiff store snapshot} of a running server's embedded store, and {@code skiff store restore} of it into a
 * new data dir: the server started there serves kubectl the same objects at the same resourceVersions, and nothing
 * written after the snapshot. A restore under a running server is refused.
 */
class StoreSnapshotRestoreTest {
    /** Only the API server and its store: nothing else writes (kube-root-ca.crt, say) between the two reads. */
    private static final List<String> SERVER_ARGS = List.of("--no-kubelet", "--disable-controllers",
            String.join(",", BuiltinControllers.names()) + ",scheduler,dns");
    private static final String[] COLUMNS = {"get", "configmaps,secrets", "-n", "backed-up", "-o",
        "custom-columns=KIND:.kind,NAME:.metadata.name,RV:.metadata.resourceVersion,UID:.metadata.uid"};

    @TempDir
    Path dir;

    private SkiffProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private record Result(int code, String output) {}

    private static Result skiff(String... args) throws Exception {
        Process p = new ProcessBuilder(SkiffProcess.skiffCommand(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void aSnapshotOfARunningServerRestoredIntoANewDataDirServesTheSameObjectsAtTheSameResourceVersions()
            throws Exception {
        server = SkiffProcess.start(dir.resolve("data"), SERVER_ARGS);
        Kubectl kubectl = server.kubectl(dir);
        kubectl.succeed("create", "namespace", "backed-up");
        kubectl.succeed("create", "configmap", "settings", "-n", "backed-up", "--from-literal=color=blue");
        kubectl.succeed("create", "secret", "generic", "password", "-n", "backed-up", "--from-literal=value=hunter2");
        kubectl.succeed("patch", "configmap", "settings", "-n", "backed-up", "-p", "{\"data\":{\"color\":\"red\"}}");
        String before = kubectl.succeed(COLUMNS).stdout();
        Path snapshot = dir.resolve("cluster.snapshot");

        Result saved = skiff("store", "snapshot", "--data-dir", server.dataDir().toString(), snapshot.toString());
        Result refused = skiff("store", "restore", "--data-dir", server.dataDir().toString(), snapshot.toString());
        kubectl.succeed("create", "configmap", "after-snapshot", "-n", "backed-up");
        server.stop();
        Result restored = skiff("store", "restore", "--data-dir", dir.resolve("restored").toString(),
                snapshot.toString());

        assertThat(saved.code()).as(saved.output()).isZero();
        assertThat(saved.output()).startsWith("Saved the embedded store at revision ");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.output()).startsWith("skiff store restore: ").contains("is in use by another process");
        assertThat(restored.code()).as(restored.output()).isZero();
        assertThat(restored.output()).startsWith("Restored the embedded store in " + dir.resolve("restored"));

        server = SkiffProcess.start(dir.resolve("restored"), SERVER_ARGS);
        Kubectl restoredKubectl = server.kubectl(Files.createDirectories(dir.resolve("restored-kubectl")));
        assertThat(restoredKubectl.succeed(COLUMNS).stdout()).isEqualTo(before).contains("settings", "password");
        assertThat(restoredKubectl.succeed("get", "configmap", "settings", "-n", "backed-up", "-o",
                "jsonpath={.data.color}").stdout()).isEqualTo("red");
    }
}
