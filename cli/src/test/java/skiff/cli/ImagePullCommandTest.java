package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.image.Platform;
import skiff.image.registry.DockerRegistry;
import skiff.image.registry.TestImageBuilder;

/** {@code skiff image pull} as a user runs it, against a real registry on loopback. */
class ImagePullCommandTest {
    @RegisterExtension
    static final DockerRegistry REGISTRY = new DockerRegistry();

    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "image";
        all[1] = "pull";
        System.arraycopy(args, 0, all, 2, args.length);
        int code = new CommandLine(new SkiffCommand()).setOut(new PrintWriter(o)).setErr(new PrintWriter(e))
                .execute(all);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void pullsIntoTheDataDirsStore() throws Exception {
        TestImageBuilder.Image image = TestImageBuilder.busybox(Platform.host().architecture(), 1, 1000, 31);
        TestImageBuilder.writeLayout(tmp.resolve("layout"), "t", image.manifest(), image.blobs());
        String repo = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        REGISTRY.push(tmp.resolve("layout"), "t", repo + ":v1", false);
        String ref = REGISTRY.host() + "/" + repo + ":v1";

        int code = run("--data-dir", tmp.resolve("data").toString(), ref);

        assertThat(code).as(err).isZero();
        assertThat(out).startsWith(ref + " " + image.manifest().digest() + " (" + image.size() + " bytes");
        OciImageStore store = OciImageStore.open(OciImageStore.inDataDir(tmp.resolve("data")));
        assertThat(store.image(ImageReference.parse(ref))).isPresent();
    }

    @Test
    void aMissingImageIsOneLineAndExitCode1() {
        int code = run("--data-dir", tmp.resolve("data").toString(), REGISTRY.host() + "/nothing:v1");

        assertThat(code).isEqualTo(1);
        assertThat(err.strip()).startsWith("skiff image pull: failed to pull image \"" + REGISTRY.host()
                + "/nothing:v1\": failed to resolve reference").contains("not found").doesNotContain("\n");
    }

    @Test
    void aBadReferenceIsAUsageError() {
        assertThat(run("--data-dir", tmp.resolve("data").toString(), "Not A Ref")).isEqualTo(2);
        assertThat(err).contains("couldn't parse image reference \"Not A Ref\": invalid reference format");
    }
}
