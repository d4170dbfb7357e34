package skiff.image;

import java.util.List;

/**
 * The part of an image's configuration a runtime honours (OCI image-spec config.md {@code config}).
 *
 * @param entrypoint empty when the image has none
 * @param cmd empty when the image has none
 * @param env {@code NAME=value} entries in the image's order
 * @param workingDir "" for none
 * @param user "" for none (root); else {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}
 * @param stopSignal "" for SIGTERM; else e.g. {@code SIGQUIT} or {@code 3}
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user,
        String stopSignal) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
    }

    public static ImageConfig empty() {
        return new ImageConfig(List.of(), List.of(), List.of(), "", "", "");
    }
}
