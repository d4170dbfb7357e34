package skiff.store.etcd;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import skiff.store.StoreException;

/**
 * Restoring an etcd snapshot is etcd's own step: it makes a new data directory for one member, from which etcd then
 * starts with the snapshot's keys at their revisions. This runs {@code etcdutl snapshot restore} (etcd 3.5 and
 * later) or, where only etcd 3.4 is installed, {@code etcdctl snapshot restore}, for a single-member cluster named
 * {@code name} whose peers reach it at {@code peerUrl}; a cluster of several members restores each member itself.
 *
 * @param snapshot the file {@link EtcdSnapshots#save} (or etcdctl snapshot save) wrote
 * @param dataDir the new member's data directory, which must not exist
 * @param name the member's name (etcd --name)
 * @param peerUrl the member's peer URL (etcd --initial-advertise-peer-urls)
 */
public record EtcdRestore(Path snapshot, Path dataDir, String name, URI peerUrl) {
    /** etcd's defaults for --name and --initial-advertise-peer-urls. */
    public static final String DEFAULT_NAME = "default";
    public static final URI DEFAULT_PEER_URL = URI.create("http://localhost:2380");
    private static final long TIMEOUT_MINUTES = 10;

    /** The command that restores, with the first of etcdutl and etcdctl found on {@code path} (PATH's form). */
    public List<String> command(String path) {
        Path tool = find("etcdutl", path).or(() -> find("etcdctl", path)).orElseThrow(() -> new StoreException(
                "restoring an etcd snapshot needs etcdutl (etcd 3.5 and later) or etcdctl (etcd 3.4) on the PATH"));
        return List.of(tool.toString(), "snapshot", "restore", snapshot.toString(), "--data-dir", dataDir.toString(),
                "--name", name, "--initial-cluster", name + "=" + peerUrl,
                "--initial-advertise-peer-urls", peerUrl.toString());
    }

    /**
     * Runs {@link #command} with this process's PATH and returns what it printed.
     *
     * @throws StoreException when the data directory exists or the tool fails (with its output)
     */
    public String run() {
        if (Files.exists(dataDir)) {
            throw new StoreException(dataDir + " exists: etcd restores a snapshot into a new data directory");
        }
        List<String> command = command(System.getenv().getOrDefault("PATH", ""));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // etcdctl 3.4 speaks the v2 API unless told otherwise; etcdutl ignores the variable.
            builder.environment().put("ETCDCTL_API", "3");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new StoreException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new StoreException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new StoreException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while restoring an etcd snapshot", e);
        }
    }

    private static Optional<Path> find(String tool, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool));
            }
        }
        return Optional.empty();
    }
}
