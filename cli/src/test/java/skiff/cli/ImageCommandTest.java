package skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import skiff.image.testing.TestImage;
import skiff.image.testing.TestImages;

/** {@code skiff image import|ls|rm} as a user runs them, on a data dir of the test's own. */
class ImageCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run skiff(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SkiffCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void importedImagesAreListedLikeCrictlAndRemovedByNameOrId() throws Exception {
        Path data = dir.resolve("data");
        TestImage web = TestImages.busybox().cmd("httpd", "-f").build();
        TestImage tool = TestImages.busybox().cmd("sh").file("/etc/tool", "1").build();
        Path oci = dir.resolve("web.tar");
        Path saved = dir.resolve("tool.tar.gz");
        web.writeOciArchive(oci, "localhost:5000/web:v1");
        tool.writeDockerArchive(saved, "tool:latest", "tool:1");

        Run imported = skiff("image", "import", "--data-dir", data.toString(), oci.toString(), saved.toString());

        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported localhost:5000/web:v1 (" + web.manifestDigest() + ") from "
                + oci).contains("Imported docker.io/library/tool:1");
        assertThat(Files.isDirectory(data.resolve("content/blobs/sha256"))).isTrue();

        Run ls = skiff("image", "ls", "--data-dir", data.toString());
        String webId = web.configDigest().hex().substring(0, 13);
        assertThat(ls.out().lines().toList()).hasSize(4);
        assertThat(ls.out().lines().findFirst().orElseThrow()).matches("IMAGE +TAG +IMAGE ID +SIZE");
        assertThat(ls.out()).containsPattern("docker.io/library/tool +1 +[a-f0-9]{13} +\\d[\\d.]*MB")
                .containsPattern("docker.io/library/tool +latest ")
                .containsPattern("localhost:5000/web +v1 +" + webId + " +\\d[\\d.]*MB");

        Run rmName = skiff("image", "rm", "--data-dir", data.toString(), "tool:1");
        Run rmId = skiff("image", "rm", "--data-dir", data.toString(), webId);
        assertThat(rmName.out()).isEqualToIgnoringNewLines("Deleted: tool:1");
        assertThat(rmId.code()).isZero();
        assertThat(skiff("image", "ls", "--data-dir", data.toString()).out().lines().toList()).hasSize(2)
                .last().asString().startsWith("docker.io/library/tool ");

        Run missing = skiff("image", "rm", "--data-dir", data.toString(), "nothing:here");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no such image nothing:here");
    }

    @Test
    void aFileThatIsNotAnImageArchiveFailsWithAMessage() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.tar"), "hello");

        Run run = skiff("image", "import", "--data-dir", dir.resolve("data").toString(), bogus.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("skiff image import: bogus.tar");
    }

    @Test
    void listingAndRemovingInADataDirWithoutImagesCreateNothing() {
        Path data = dir.resolve("none");

        Run ls = skiff("image", "ls", "--data-dir", data.toString());
        Run rm = skiff("image", "rm", "--data-dir", data.toString(), "busybox");

        assertThat(ls.out().lines().toList()).containsExactly("IMAGE   TAG   IMAGE ID   SIZE");
        assertThat(rm.code()).isEqualTo(1);
        assertThat(rm.err()).contains("no such image busybox");
        assertThat(data).doesNotExist();
    }

    @Test
    void sizesAreDecimalWithFourSignificantDigits() {
        assertThat(ImageListCommand.humanSize(999)).isEqualTo("999B");
        assertThat(ImageListCommand.humanSize(1_240_000)).isEqualTo("1.24MB");
        assertThat(ImageListCommand.humanSize(4_271_234)).isEqualTo("4.271MB");
    }
}
