package skiff.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.KeyLayoutUpgrade;
import skiff.store.StoreException;
import skiff.store.etcd.EtcdMigration;
import skiff.store.etcd.EtcdOptions;
import skiff.store.sqlite.SqliteKeyValueStore;

/**
 * {@code skiff store migrate --to etcd}: copies the data dir's embedded store into etcd, where servers started with
 * {@code --store etcd} and the same data dir (its CA, service-account key and token) serve the same cluster.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy the data dir's embedded store into etcd, with the server stopped. Then start it with "
                + "--store etcd and the same --data-dir, which keeps the cluster's CA and keys. Objects get new "
                + "resourceVersions (etcd's revisions): clients list again.")
final class StoreMigrateCommand implements Callable<Integer> {
    @ParentCommand
    StoreCommand parent;

    @Option(names = "--to", required = true, paramLabel = "KIND", description = "The store to copy into: etcd.")
    String to;

    @Option(names = "--force", description = "Delete whatever the target prefix holds first, instead of refusing.")
    boolean force;

    @CommandLine.Mixin
    EtcdCliOptions etcd = new EtcdCliOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!to.equals("etcd")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to must be etcd, not '" + to + "'");
        }
        EtcdOptions target = etcd.toOptions(spec.commandLine(), "--to etcd", EtcdOptions.DEFAULT_COMPACTION_INTERVAL);
        Path dbFile = parent.existingEmbeddedStoreFile(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        EtcdMigration.Result result;
        try (SqliteKeyValueStore source = SqliteKeyValueStore.open(dbFile)) {
            // An embedded store written before kube-apiserver's key layout is brought to it first, as the server
            // would at its next start, so that etcd holds Kubernetes' keys.
            new KeyLayoutUpgrade(source).run(BuiltinResources.catalog());
            result = EtcdMigration.copy(source, target, force);
        } catch (StoreException e) {
            spec.commandLine().getErr().println("skiff store migrate: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.println("Copied " + result.keys() + " keys (the embedded store at revision " + result.sourceRevision()
                + ") into etcd under " + target.prefix() + " in " + StoreSnapshotCommand.millis(started)
                + " ms; etcd is at revision " + result.etcdRevision() + ", compacted there: every resourceVersion "
                + "changed, clients list again.");
        out.println("Start the server on it with the same data dir (its CA, keys and token): skiff server --data-dir "
                + parent.dataDir + " --store etcd --etcd-endpoints " + etcd.endpoints
                + (target.prefix().equals(EtcdOptions.DEFAULT_PREFIX) ? "" : " --etcd-prefix " + target.prefix()));
        out.flush();
        return 0;
    }
}
