package skiff.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.testing.TestImage;
import skiff.image.testing.TestImages;
import skiff.image.testing.TestImages.Blob;
import skiff.image.testing.TestImages.Compression;
import skiff.image.testing.TestImages.TarWriter;

class LayerUnpackerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path dir;

    @Test
    void busyboxLayersUnpackWithModesSymlinksAndAWhiteoutAsACharacterDevice() throws Exception {
        OciImageStore store = OciImageStore.open(dir.resolve("store"));
        StoredImage image = TestImages.busybox().file("/etc/motd", "hi\n").delete("/bin/tar").build()
                .putInto(store, "box");

        List<Path> layers = store.unpackedLayers(image);

        assertThat(layers).containsExactly(store.root().resolve("snapshots/" + image.layers().get(0).hex()),
                store.root().resolve("snapshots/" + image.layers().get(1).hex()));
        Path base = layers.get(0);
        assertThat(Files.readAllBytes(base.resolve("bin/busybox"))).isEqualTo(Files.readAllBytes(TestImages.BUSYBOX));
        assertThat(Files.getAttribute(base.resolve("bin/busybox"), "unix:mode")).isEqualTo(0100755);
        assertThat(Files.readSymbolicLink(base.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.getAttribute(base.resolve("tmp"), "unix:mode")).isEqualTo(041777);
        assertThat(Files.readString(layers.get(1).resolve("etc/motd"))).isEqualTo("hi\n");
        Path whiteout = layers.get(1).resolve("bin/tar");
        assertThat(Files.getAttribute(whiteout, "unix:mode", NOFOLLOW)).isEqualTo(0020000);
        assertThat(Files.getAttribute(whiteout, "unix:rdev", NOFOLLOW)).isEqualTo(0L);
        assertThat(layers.get(1).resolve("bin/.wh.tar")).doesNotExist();
        assertThat(store.unpackedLayers(image)).isEqualTo(layers);
    }

    @Test
    void ownersSetIdBitsHardlinksDevicesAndCompressionsAreKept() throws Exception {
        TarWriter tar = new TarWriter().directory("srv/", 0750);
        TarArchiveEntry owned = new TarArchiveEntry("srv/owned");
        owned.setMode(0104755);
        owned.setIds(1234, 5678);
        owned.setSize(3);
        tar.entry(owned, "abc".getBytes(StandardCharsets.UTF_8));
        TarArchiveEntry ping = new TarArchiveEntry("srv/ping");
        ping.setMode(0100755);
        // cap_net_raw+ep as setcap writes it (vfs_cap_data revision 2).
        ping.addPaxHeader("SCHILY.xattr.security.capability", new String(new byte[] {1, 0, 0, 2, 0, 32, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, StandardCharsets.UTF_8));
        ping.addPaxHeader("SCHILY.xattr.user.binary", "\uFFFD");
        tar.entry(ping, new byte[0]);
        TarArchiveEntry link = new TarArchiveEntry("srv/hard", TarArchiveEntry.LF_LINK);
        link.setLinkName("srv/owned");
        tar.entry(link, null);
        TarArchiveEntry device = new TarArchiveEntry("dev/null", TarArchiveEntry.LF_CHR);
        device.setMode(0666);
        device.setDevMajor(1);
        device.setDevMinor(3);
        tar.entry(device, null);
        byte[] layer = tar.finish();

        for (Compression c : Compression.values()) {
            Path out = Files.createDirectory(dir.resolve(c.name()));
            LayerUnpacker.unpack(new ByteArrayInputStream(TestImages.compress(layer, c).bytes()), out);

            Path owned2 = out.resolve("srv/owned");
            assertThat(Files.getAttribute(owned2, "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(owned2, "unix:gid")).isEqualTo(5678);
            assertThat(Files.getAttribute(owned2, "unix:mode")).isEqualTo(0104755);
            assertThat(Files.getAttribute(out.resolve("srv"), "unix:mode")).isEqualTo(040750);
            assertThat(Files.isSameFile(owned2, out.resolve("srv/hard"))).isTrue();
            assertThat(Files.getAttribute(out.resolve("dev/null"), "unix:rdev")).isEqualTo(Syscalls.makedev(1, 3));
            if (Files.isExecutable(Path.of("/usr/sbin/getcap"))) {
                assertThat(run("getcap", out.resolve("srv/ping").toString())).contains("cap_net_raw");
            }
        }
    }

    @Test
    void entriesLeavingTheLayerRefuseIt() throws IOException {
        Path outside = dir.resolve("outside");
        Files.createDirectory(outside);
        List<byte[]> bad = List.of(
                new TarWriter().file("../escape", new byte[1], 0644).finish(),
                absolute("/etc/absolute"),
                new TarWriter().symlink("link", outside.toString()).file("link/through", new byte[1], 0644).finish(),
                hardlinkTo("../../etc/passwd"));
        for (byte[] layer : bad) {
            Path out = Files.createTempDirectory(dir, "layer");
            assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(layer), out))
                    .isInstanceOf(IOException.class).hasMessageMatching(".*(absolute|leaves the layer|symlink).*");
        }
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRefusedLayerLeavesNoSnapshotAndSaysWhichLayer() throws IOException {
        OciImageStore store = OciImageStore.open(dir.resolve("store"));
        Blob layer = TestImages.compress(new TarWriter().file("../escape", new byte[1], 0644).finish(),
                Compression.GZIP);
        store.putBlob(layer.digest(), new ByteArrayInputStream(layer.bytes()));
        StoredImage image = new StoredImage(List.of(), layer.digest(), List.of(), layer.digest(),
                ImageConfig.empty(), List.of(layer.digest()), layer.size());

        assertThatThrownBy(() -> store.unpackedLayers(image)).hasMessageContaining("layer " + layer.digest())
                .hasMessageContaining("leaves the layer");
        try (var snapshots = Files.list(store.root().resolve("snapshots")); var tmp = Files.list(store.root()
                .resolve("tmp"))) {
            assertThat(snapshots).isEmpty();
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void concurrentCallersGetTheOneUnpackedDirectory() throws Exception {
        OciImageStore first = OciImageStore.open(dir.resolve("store"));
        OciImageStore second = OciImageStore.open(dir.resolve("store"));
        StoredImage image = TestImages.busybox().build().putInto(first, "box");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<List<Path>>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            OciImageStore store = i % 2 == 0 ? first : second;
            results.add(pool.submit(() -> store.unpackedLayers(image)));
        }
        List<Path> expected = List.of(first.root().resolve("snapshots/" + image.layers().get(0).hex()));
        for (Future<List<Path>> r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        }
        pool.shutdown();
        assertThat(expected.get(0).resolve("bin/busybox")).isRegularFile();
        try (var tmp = Files.list(first.root().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void anOverlayMountOfTheLayersHidesWhitedOutFilesAndOpaqueDirectories() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "overlay mounts need root");
        OciImageStore store = OciImageStore.open(dir.resolve("store"));
        TestImage lower = TestImages.busybox().file("/data/old", "old").file("/data/keep/x", "x").build();
        lower.putBlobsInto(store);
        Blob opaque = TestImages.compress(new TarWriter().directory("data/", 0755)
                .file("data/.wh..wh..opq", new byte[0], 0644).file("data/new", "new".getBytes(StandardCharsets.UTF_8),
                        0644)
                .directory("bin/", 0755).file("bin/.wh.tar", new byte[0], 0644).finish(), Compression.GZIP);
        store.putBlob(opaque.digest(), new ByteArrayInputStream(opaque.bytes()));
        List<Digest> layerDigests = new ArrayList<>(lower.layers().stream().map(Blob::digest).toList());
        layerDigests.add(opaque.digest());
        StoredImage image = new StoredImage(List.of(), lower.manifestDigest(), List.of(), lower.configDigest(),
                ImageConfig.empty(), layerDigests, 0);
        List<Path> layers = store.unpackedLayers(image);
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        String lowerdir = String.join(":", layers.reversed().stream().map(Path::toString).toList());

        run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lowerdir, mnt.toString());
        try {
            assertThat(mnt.resolve("bin/busybox")).isRegularFile();
            assertThat(mnt.resolve("bin/sh")).isSymbolicLink();
            assertThat(mnt.resolve("bin/tar")).doesNotExist();
            assertThat(mnt.resolve("data/new")).hasContent("new");
            assertThat(mnt.resolve("data/old")).doesNotExist();
            assertThat(mnt.resolve("data/keep")).doesNotExist();
            assertThat(layers.get(1).resolve("data/old")).exists();

            store.tag(ImageReference.parse("mounted"), lower.manifestDigest());
            store.remove(ImageReference.parse("mounted"));
            assertThat(store.images()).singleElement().satisfies(i -> assertThat(i.names()).isEmpty());
            assertThat(layers.get(0).resolve("bin/busybox")).isRegularFile();
        } finally {
            run("umount", mnt.toString());
        }
    }

    private static byte[] absolute(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(1);
        return new TarWriter().entry(e, new byte[1]).finish();
    }

    private static byte[] hardlinkTo(String target) {
        TarArchiveEntry link = new TarArchiveEntry("hard", TarArchiveEntry.LF_LINK);
        link.setLinkName(target);
        return new TarWriter().entry(link, null).finish();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
