package skiff.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.testing.TestImages;

class AirgapImportsTest {
    @TempDir
    Path data;

    @Test
    void archivesInTheDropFolderAreImportedOnceAndAgainWhenReplaced() throws IOException {
        Path drop = Files.createDirectories(data.resolve("images"));
        TestImages.busybox().cmd("one").build().writeOciArchive(drop.resolve("one.tar"), "one:1");
        TestImages.busybox().cmd("two").build().writeDockerArchive(drop.resolve("two.tar.gz"), "two:1");
        Files.writeString(drop.resolve("README.txt"), "not an archive");
        Files.writeString(drop.resolve("broken.tar"), "not an archive either");
        OciImageStore store = OciImageStore.open(OciImageStore.inDataDir(data));

        var first = AirgapImports.inDataDir(data, store).importNew();

        assertThat(first).extracting(r -> r.file().getFileName().toString(), AirgapImports.Result::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broken.tar", false),
                        org.assertj.core.groups.Tuple.tuple("one.tar", true),
                        org.assertj.core.groups.Tuple.tuple("two.tar.gz", true));
        assertThat(store.image(ImageReference.parse("one:1"))).isPresent();
        assertThat(store.image(ImageReference.parse("two:1"))).isPresent();

        store.remove(ImageReference.parse("one:1"));
        var restart = AirgapImports.inDataDir(data, OciImageStore.open(OciImageStore.inDataDir(data))).importNew();
        assertThat(restart).extracting(r -> r.file().getFileName().toString()).containsExactly("broken.tar");
        assertThat(store.image(ImageReference.parse("one:1"))).isEmpty();

        Files.setLastModifiedTime(drop.resolve("one.tar"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        var replaced = AirgapImports.inDataDir(data, store).importNew();
        assertThat(replaced).extracting(r -> r.file().getFileName().toString()).containsExactly("broken.tar",
                "one.tar");
        assertThat(store.image(ImageReference.parse("one:1"))).isPresent();
    }
}
