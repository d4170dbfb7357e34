package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server keeps on disk (the store with its write-ahead log, which holds Secrets' values, the keys, the token,
 * the kubeconfig) is readable by its owner only: directories 0700, files 0600; only certificates, which are public,
 * may be read by others. A data directory left more open by an older Skiff is tightened when the server starts.
 */
class DataAtRestTest {
    private static final List<String> STORE_FILES = List.of("db/state.db", "db/state.db-wal", "db/state.db-shm");

    @TempDir
    Path dir;

    private SkiffProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNewDataDirectoryIsPrivateToItsOwner() {
        server = SkiffProcess.start(dir.resolve("data"), List.of("--no-kubelet"));
        server.kubectl(dir).succeed("create", "secret", "generic", "password", "--from-literal=value=hunter2");

        Map<String, String> permissions = permissionsUnder(server.dataDir());

        assertThat(permissions).containsKeys(STORE_FILES.toArray(String[]::new))
                .containsKeys("tls/ca.key", "tls/serving.key", "token", "kubeconfig.yaml");
        assertThat(permissions).allSatisfy(DataAtRestTest::isPrivate);
    }

    @Test
    void aDataDirectoryLeftOpenIsTightenedWhenTheServerStarts() throws IOException {
        server = SkiffProcess.start(dir.resolve("data"), List.of("--no-kubelet"));
        server.kubectl(dir).succeed("create", "secret", "generic", "password", "--from-literal=value=hunter2");
        // Killed, so the write-ahead log and the shared memory file stay behind, as after a crash.
        server.kill9();
        openEverything(server.dataDir());
        assertThat(permissionsUnder(server.dataDir())).containsKeys(STORE_FILES.toArray(String[]::new))
                .containsValue("-rw-r--r--");

        server = server.restart();

        assertThat(permissionsUnder(server.dataDir())).allSatisfy(DataAtRestTest::isPrivate);
        assertThat(server.kubectl(dir).succeed("get", "secret", "password", "-o", "jsonpath={.data.value}")
                .stdout()).isEqualTo("aHVudGVyMg==");
    }

    private static void isPrivate(String path, String mode) {
        if (mode.startsWith("d")) {
            assertThat(mode).as(path).isEqualTo("drwx------");
        } else if (path.endsWith(".crt")) {
            assertThat(mode).as(path).isIn("-rw-r--r--", "-rw-------");
        } else {
            assertThat(mode).as(path).isEqualTo("-rw-------");
        }
    }

    /** The mode of the data directory ("") and of everything in it, as ls shows it, by relative path. */
    private static Map<String, String> permissionsUnder(Path dataDir) {
        Map<String, String> permissions = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.toList()) {
                permissions.put(dataDir.relativize(p).toString(), (Files.isDirectory(p) ? "d" : "-")
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return permissions;
    }

    /** What an older Skiff left under a umask of 022: directories 0755, files 0644. */
    private static void openEverything(Path dataDir) throws IOException {
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.toList()) {
                Files.setPosixFilePermissions(p,
                        PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
