package skiff.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import skiff.store.StoreException;
import skiff.store.etcd.EtcdOptions;
import skiff.store.etcd.EtcdSnapshots;
import skiff.store.sqlite.SqliteSnapshots;

/**
 * {@code skiff store snapshot FILE}: an online, consistent snapshot of the store, while the server runs. The embedded
 * store is copied with SQLite's VACUUM INTO; etcd's is etcd's own snapshot, as etcdctl snapshot save takes it.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Save a snapshot of the store to FILE, while the server runs (etcd: etcd's own snapshot "
                + "format). The snapshot holds Secrets: it is written readable by its owner only.")
final class StoreSnapshotCommand implements Callable<Integer> {
    @ParentCommand
    StoreCommand parent;

    @Parameters(paramLabel = "FILE", description = "Where to write the snapshot (replaced if it exists).")
    Path file;

    @Option(names = "--store", paramLabel = "KIND", description = "embedded (default) or etcd.")
    String store = "embedded";

    @CommandLine.Mixin
    EtcdCliOptions etcd = new EtcdCliOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try {
            if (StoreCommand.isEtcd(store, spec.commandLine())) {
                long bytes = EtcdSnapshots.save(etcd.toOptions(spec.commandLine(), "--store etcd",
                        EtcdOptions.DEFAULT_COMPACTION_INTERVAL), file);
                out.println("Saved etcd's snapshot to " + file + " (" + bytes + " bytes, " + millis(started)
                        + " ms). Restore it with: skiff store restore --store etcd --etcd-data-dir NEW_DIR " + file);
            } else {
                if (etcd.given()) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "the --etcd-* flags go with --store etcd");
                }
                SqliteSnapshots.Snapshot snapshot = SqliteSnapshots.save(
                        parent.existingEmbeddedStoreFile(spec.commandLine()), file);
                out.println("Saved the embedded store at revision " + snapshot.revision() + " (" + snapshot.keys()
                        + " keys, " + snapshot.bytes() + " bytes, " + millis(started) + " ms) to " + file + ".");
            }
        } catch (StoreException e) {
            spec.commandLine().getErr().println("skiff store snapshot: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.flush();
        return 0;
    }

    static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
