package skiff.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.image.registry.DockerConfigKeyring;
import skiff.image.registry.PullResult;
import skiff.image.registry.RegistryClient;
import skiff.image.registry.RegistryConfig;

/** {@code skiff image pull}: pulls an image from a registry into the node's image store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pull an image from an OCI distribution (v2) registry into the image store the server's "
                + "kubelet uses. Registries on loopback addresses and localhost, and those named with "
                + "--insecure-registry, are reached over plain HTTP (HTTPS if they speak only TLS); others over HTTPS.")
final class ImagePullCommand implements Callable<Integer> {

    @ParentCommand
    ImageCommand parent;

    @Mixin
    RegistryCliOptions registries = new RegistryCliOptions();

    @Parameters(paramLabel = "REF", description = "The image, e.g. busybox, 127.0.0.1:5000/team/app:1.0 or "
            + "name@sha256:...")
    String reference;

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            err.println("skiff image pull: couldn't parse image reference \"" + reference + "\": "
                    + e.getMessage());
            return 2;
        }
        try {
            RegistryConfig config = registries.toConfig();
            OciImageStore store = parent.store();
            try (RegistryClient client = new RegistryClient(store, config, store.platform(),
                    RegistryClient.Timeouts.defaults())) {
                PullResult result = client.pull(ref, DockerConfigKeyring.empty());
                out.println(ref + " " + result.manifestDigest() + " (" + result.size() + " bytes, "
                        + result.bytesDownloaded() + " downloaded, " + result.duration().toMillis() + " ms)");
                return 0;
            }
        } catch (IOException e) {
            err.println("skiff image pull: failed to pull image \"" + ref + "\": " + e.getMessage());
            return 1;
        }
    }
}
