package skiff.image;

import java.nio.file.Path;

/** Run by {@link OciImageStoreTest} in a second JVM: once told to go on stdin, tags one manifest under names
 * {@code PREFIX:0..N-1}. */
public final class TagFromAnotherProcess {
    private TagFromAnotherProcess() {}

    public static void main(String[] args) throws Exception {
        OciImageStore store = OciImageStore.open(Path.of(args[0]));
        Digest manifest = Digest.parse(args[1]);
        System.out.println("ready");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            store.tag(ImageReference.parse(args[2] + ":" + i), manifest);
        }
    }
}
