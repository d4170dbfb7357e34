package skiff.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.image.StoredImage;

/**
 * {@code skiff image rm REF...}: removes names, or whole images by ID (a prefix of the config digest, as
 * {@code crictl rmi} takes); blobs and unpacked layers no image needs any more go too.
 */
@Command(name = "rm", aliases = "rmi", mixinStandardHelpOptions = true,
        description = "Remove images by name or by IMAGE ID (a prefix of it, as image ls prints).")
final class ImageRemoveCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand parent;

    @Parameters(paramLabel = "REF", arity = "1..*", description = "Image names or IDs.")
    List<String> refs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        OciImageStore store = parent.hasStore() ? parent.store() : null;
        int failures = 0;
        for (String ref : refs) {
            try {
                if (store != null && remove(store, ref)) {
                    out.println("Deleted: " + ref);
                } else {
                    err.println("skiff image rm: no such image " + ref);
                    failures++;
                }
            } catch (IllegalArgumentException e) {
                err.println("skiff image rm: " + ref + ": " + e.getMessage());
                failures++;
            }
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    private static boolean remove(OciImageStore store, String ref) throws IOException {
        String hex = ref.startsWith("sha256:") ? ref.substring("sha256:".length()) : ref;
        if (hex.matches("[a-f0-9]{6,64}")) {
            List<StoredImage> matches = store.images().stream()
                    .filter(i -> i.configDigest().hex().startsWith(hex)).toList();
            if (matches.size() > 1) {
                throw new IllegalArgumentException("the ID prefix matches " + matches.size() + " images");
            }
            if (matches.size() == 1) {
                return store.removeImage(matches.get(0).configDigest(), Set.of());
            }
        }
        return store.remove(ImageReference.parse(ref), Set.of());
    }
}
