package skiff.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skiff.image.OciImageStore;

/**
 * {@code skiff image}: the image store in the data dir, shared with a running server's kubelet. Subcommands: import,
 * ls, rm, pull.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Manage the images in the data dir's image store (shared with a running server).",
        subcommands = {ImageImportCommand.class, ImageListCommand.class, ImageRemoveCommand.class,
            ImagePullCommand.class})
final class ImageCommand implements Runnable {

    @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "The server's data dir; images live in DIR/content (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".skiff");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store in the data dir, created if missing. */
    OciImageStore store() throws IOException {
        return OciImageStore.open(OciImageStore.inDataDir(dataDir));
    }

    /** Whether the data dir has an image store yet (listing and removing create none). */
    boolean hasStore() {
        return java.nio.file.Files.isDirectory(OciImageStore.inDataDir(dataDir));
    }
}
