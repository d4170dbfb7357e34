package skiff.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skiff.server.SkiffServer;

/**
 * {@code skiff store}: the cluster's store as files: snapshots of it, restoring one, and moving an embedded store
 * into etcd. Subcommands: snapshot, restore, migrate.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Snapshot, restore, or migrate the cluster's store (embedded SQLite or etcd).",
        subcommands = {StoreSnapshotCommand.class, StoreRestoreCommand.class, StoreMigrateCommand.class})
final class StoreCommand implements Runnable {

    @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "The server's data dir; the embedded store is DIR/db/state.db (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".skiff");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Path embeddedStoreFile() {
        return SkiffServer.embeddedStoreFile(dataDir);
    }

    /** The embedded store's file, which must exist (opening a missing one would create an empty store). */
    Path existingEmbeddedStoreFile(CommandLine commandLine) {
        Path file = embeddedStoreFile();
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(commandLine, "there is no embedded store in " + dataDir
                    + " (no " + file + ")");
        }
        return file;
    }

    /** Whether {@code --store} names etcd (else the embedded store); anything but embedded or etcd is refused. */
    static boolean isEtcd(String store, CommandLine commandLine) {
        return switch (store) {
            case "embedded" -> false;
            case "etcd" -> true;
            default -> throw new CommandLine.ParameterException(commandLine,
                    "--store must be embedded or etcd, not '" + store + "'");
        };
    }
}
