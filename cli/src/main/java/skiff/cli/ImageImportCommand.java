package skiff.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import skiff.image.ImageImporter;
import skiff.image.OciImageStore;

/** {@code skiff image import FILE...}: OCI archives and docker save tarballs, plain, gzipped or zstd. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import image archives: OCI archives (skopeo copy oci-archive:, docker save since Docker 25) "
                + "and docker save tarballs, plain, .gz or .zst.")
final class ImageImportCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand parent;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Archives to import.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        OciImageStore store = parent.store();
        ImageImporter importer = new ImageImporter(store);
        int failures = 0;
        for (Path file : files) {
            try {
                for (ImageImporter.Imported image : importer.importArchive(file)) {
                    if (image.names().isEmpty()) {
                        out.println("Imported " + image.digest() + " (no name) from " + file);
                    }
                    for (String name : image.names()) {
                        out.println("Imported " + name + " (" + image.digest() + ") from " + file);
                    }
                }
            } catch (IOException e) {
                err.println("skiff image import: " + e.getMessage());
                failures++;
            }
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }
}
