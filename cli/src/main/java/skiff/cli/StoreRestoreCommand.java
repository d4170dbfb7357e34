package skiff.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import skiff.store.StoreException;
import skiff.store.etcd.EtcdRestore;
import skiff.store.sqlite.SqliteSnapshots;

/**
 * {@code skiff store restore FILE}: the embedded store of the data dir becomes the snapshot, only while no server
 * runs on it; for etcd, etcd's own restore makes a new member data directory (etcdutl snapshot restore), from
 * which etcd is then started.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a snapshot taken with skiff store snapshot. Embedded: replaces DIR's store; the "
                + "server must be stopped. etcd: makes a new etcd data dir with etcdutl (or etcd 3.4's etcdctl) "
                + "snapshot restore; start etcd on it, then the servers.")
final class StoreRestoreCommand implements Callable<Integer> {
    @ParentCommand
    StoreCommand parent;

    @Parameters(paramLabel = "FILE", description = "The snapshot.")
    Path file;

    @Option(names = "--store", paramLabel = "KIND", description = "embedded (default) or etcd.")
    String store = "embedded";

    @Option(names = "--etcd-data-dir", paramLabel = "DIR",
            description = "For --store etcd: the new etcd member's data dir, which must not exist.")
    Path etcdDataDir;

    @Option(names = "--etcd-name", paramLabel = "NAME",
            description = "For --store etcd: the member's name, as etcd --name (default: ${DEFAULT-VALUE}).")
    String etcdName = EtcdRestore.DEFAULT_NAME;

    @Option(names = "--etcd-initial-advertise-peer-urls", paramLabel = "URL",
            description = "For --store etcd: the member's peer URL, as etcd --initial-advertise-peer-urls "
                    + "(default: ${DEFAULT-VALUE}).")
    URI etcdPeerUrl = EtcdRestore.DEFAULT_PEER_URL;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try {
            if (StoreCommand.isEtcd(store, spec.commandLine())) {
                if (etcdDataDir == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--store etcd needs --etcd-data-dir, the new etcd member's data dir");
                }
                new EtcdRestore(file, etcdDataDir, etcdName, etcdPeerUrl).run();
                out.println("Restored etcd's snapshot " + file + " into " + etcdDataDir + ". Start etcd with "
                        + "--data-dir " + etcdDataDir + " --name " + etcdName + " --initial-advertise-peer-urls "
                        + etcdPeerUrl + ", then the servers.");
            } else {
                if (etcdDataDir != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--etcd-data-dir goes with --store etcd");
                }
                SqliteSnapshots.Snapshot restored = SqliteSnapshots.restore(file, parent.embeddedStoreFile());
                out.println("Restored the embedded store in " + parent.dataDir + " to revision " + restored.revision()
                        + " (" + restored.keys() + " keys, " + StoreSnapshotCommand.millis(started) + " ms).");
            }
        } catch (StoreException e) {
            spec.commandLine().getErr().println("skiff store restore: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.flush();
        return 0;
    }
}
