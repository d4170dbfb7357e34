package skiff.image.registry;

import java.io.IOException;
import skiff.image.ImageReference;

/** Pulls an image into the node's store; {@link RegistryClient} is the real one. */
@FunctionalInterface
public interface ImagePuller {

    /**
     * @throws RegistryException when the registry refused or failed the pull
     * @throws IOException when the store failed
     */
    PullResult pull(ImageReference reference, DockerConfigKeyring keyring) throws IOException;
}
