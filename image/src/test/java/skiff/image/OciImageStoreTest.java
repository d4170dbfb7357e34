package skiff.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.testing.TestImage;
import skiff.image.testing.TestImages;

class OciImageStoreTest {
    @TempDir
    Path dir;

    @Test
    void anImagePutAndTaggedIsFoundByItsNormalizedNameWithItsConfig() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        TestImage image = TestImages.busybox().entrypoint("/bin/sh", "-c").cmd("echo hi").env("A=1")
                .workingDir("/tmp").user("65534:65534").stopSignal("SIGQUIT").file("/etc/motd", "hello\n").build();

        image.putInto(store, "busybox:test");

        StoredImage stored = store.image(ImageReference.parse("docker.io/library/busybox:test")).orElseThrow();
        assertThat(stored.names()).containsExactly("docker.io/library/busybox:test");
        assertThat(stored.repoDigests()).containsExactly("docker.io/library/busybox@" + image.manifestDigest());
        assertThat(stored.manifestDigest()).isEqualTo(image.manifestDigest());
        assertThat(stored.configDigest()).isEqualTo(image.configDigest());
        assertThat(stored.layers()).containsExactlyElementsOf(image.layers().stream().map(b -> b.digest()).toList());
        assertThat(stored.size()).isEqualTo(image.config().size()
                + image.layers().stream().mapToLong(TestImages.Blob::size).sum());
        assertThat(stored.config()).isEqualTo(new ImageConfig(List.of("/bin/sh", "-c"), List.of("echo hi"),
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1"), "/tmp",
                "65534:65534", "SIGQUIT"));
        assertThat(store.images()).containsExactly(stored);
        assertThat(store.image(ImageReference.parse("busybox:other"))).isEmpty();
        assertThat(Files.readString(dir.resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
        assertThat(Files.readString(dir.resolve("index.json")))
                .contains("\"org.opencontainers.image.ref.name\":\"docker.io/library/busybox:test\"");
    }

    @Test
    void aDigestReferenceFindsTheImageByRepositoryDigest() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        TestImage image = TestImages.busybox().build();
        image.putInto(store, "localhost:5000/team/box:1");

        assertThat(store.image(ImageReference.parse("localhost:5000/team/box@" + image.manifestDigest())))
                .map(StoredImage::configDigest).contains(image.configDigest());
        assertThat(store.image(ImageReference.parse("localhost:5000/other@" + image.manifestDigest()))).isEmpty();
    }

    @Test
    void aBlobThatDoesNotHashToItsDigestIsRefusedAndLeavesNothing() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        Digest claimed = Digest.sha256(new byte[32]);

        assertThatThrownBy(() -> store.putBlob(claimed, new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("expected " + claimed)
                .hasMessageContaining("sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
        assertThat(store.hasBlob(claimed)).isFalse();
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void leftoversOfAKilledWriterAreRemovedOnOpenButRecentOnesStay() throws IOException {
        OciImageStore.open(dir);
        Path old = Files.createDirectories(dir.resolve("tmp/unpack-abc-1/bin"));
        Files.writeString(old.resolve("sh"), "x");
        Files.setLastModifiedTime(dir.resolve("tmp/unpack-abc-1"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        Path recent = Files.writeString(dir.resolve("tmp/blob123.part"), "in progress");

        OciImageStore.open(dir);

        assertThat(dir.resolve("tmp/unpack-abc-1")).doesNotExist();
        assertThat(recent).exists();
    }

    @Test
    void tagRefusesAManifestWhoseLayersAreMissing() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        TestImage image = TestImages.busybox().build();
        store.putBlob(image.manifestDigest(), new ByteArrayInputStream(image.manifest().bytes()));
        store.putBlob(image.configDigest(), new ByteArrayInputStream(image.config().bytes()));

        assertThatThrownBy(() -> store.tag(ImageReference.parse("busybox"), image.manifestDigest()))
                .isInstanceOf(IOException.class).hasMessageContaining(image.layers().get(0).digest().toString());
        assertThat(store.images()).isEmpty();
    }

    @Test
    void anIndexResolvesToTheStoresPlatform() throws IOException {
        TestImage amd64 = TestImages.busybox().architecture("amd64").cmd("amd").build();
        TestImage arm64 = TestImages.busybox().architecture("arm64").cmd("arm").build();

        OciImageStore amdStore = OciImageStore.open(dir.resolve("a"), new Platform("linux", "x86_64", ""));
        StoredImage onAmd = TestImages.putIndexInto(amdStore, "multi:1", amd64, arm64);
        StoredImage onArm = TestImages.putIndexInto(OciImageStore.open(dir.resolve("b"),
                new Platform("linux", "aarch64", "")), "multi:1", amd64, arm64);

        assertThat(onAmd.manifestDigest()).isEqualTo(amd64.manifestDigest());
        assertThat(onAmd.config().cmd()).containsExactly("amd");
        assertThat(amdStore.image(ImageReference.parse("multi@" + amd64.manifestDigest()))).contains(onAmd);
        assertThat(amdStore.image(ImageReference.parse("multi@" + TestImages.index(amd64, arm64).digest())))
                .contains(onAmd);
        assertThat(onArm.manifestDigest()).isEqualTo(arm64.manifestDigest());
        assertThat(onArm.repoDigests()).containsExactly("docker.io/library/multi@" + TestImages.index(amd64, arm64)
                .digest());
        assertThatThrownBy(() -> TestImages.putIndexInto(OciImageStore.open(dir.resolve("c"),
                new Platform("linux", "s390x", "")), "multi:1", amd64, arm64))
                .hasMessageContaining("no manifest for linux/s390x");
    }

    @Test
    void platformChoicePrefersTheExactVariantThenTheArchitecture() {
        Platform v7 = new Platform("linux", "arm", "v7");
        List<Platform> candidates = List.of(new Platform("linux", "arm", "v6"), new Platform("linux", "arm", "v7"),
                new Platform("windows", "arm", "v7"));

        assertThat(v7.choose(candidates, p -> p)).contains(new Platform("linux", "arm", "v7"));
        assertThat(new Platform("linux", "arm", "v8").choose(candidates, p -> p)).contains(candidates.get(0));
        assertThat(new Platform("linux", "aarch64", "v8")).isEqualTo(new Platform("linux", "arm64", ""));
    }

    @Test
    void twoStoresOnOneDirectoryTaggingFromManyThreadsLoseNoName() throws Exception {
        OciImageStore first = OciImageStore.open(dir);
        OciImageStore second = OciImageStore.open(dir);
        TestImage image = TestImages.busybox().build();
        image.putBlobsInto(first);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            OciImageStore store = i % 2 == 0 ? first : second;
            String name = "box:" + i;
            done.add(pool.submit(() -> {
                store.tag(ImageReference.parse(name), image.manifestDigest());
                store.putBlob(("blob " + name).getBytes(StandardCharsets.UTF_8));
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(second.images()).singleElement().satisfies(i -> assertThat(i.names()).hasSize(80));
        for (int i = 0; i < 80; i++) {
            assertThat(first.image(ImageReference.parse("box:" + i))).isPresent();
        }
    }

    @Test
    void anotherProcessTaggingAtTheSameTimeLosesNoName() throws Exception {
        OciImageStore store = OciImageStore.open(dir);
        TestImage image = TestImages.busybox().build();
        image.putBlobsInto(store);
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                TagFromAnotherProcess.class.getName(), dir.toString(), image.manifestDigest().toString(), "theirs",
                "100").redirectErrorStream(true).start();
        var fromOther = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(fromOther.readLine()).isEqualTo("ready");
        other.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        other.getOutputStream().flush();
        for (int i = 0; i < 100; i++) {
            store.tag(ImageReference.parse("ours:" + i), image.manifestDigest());
        }
        String output = fromOther.lines().collect(java.util.stream.Collectors.joining("\n"));
        assertThat(other.waitFor()).as(output).isZero();

        assertThat(store.images()).singleElement().satisfies(i -> assertThat(i.names()).hasSize(200));
    }

    @Test
    void removingTheLastNameRemovesBlobsNoOtherImageUses() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        TestImage plain = TestImages.busybox().build();
        TestImage withFile = TestImages.busybox().file("/a", "a").build();
        StoredImage a = plain.putInto(store, "a");
        plain.putInto(store, "a2");
        StoredImage b = withFile.putInto(store, "b");
        store.unpackedLayers(b);
        Digest shared = a.layers().get(0);

        assertThat(store.remove(ImageReference.parse("a"), Set.of())).isTrue();
        assertThat(store.hasBlob(a.manifestDigest())).isTrue();
        assertThat(store.remove(ImageReference.parse("a2"), Set.of())).isTrue();
        assertThat(store.hasBlob(a.manifestDigest())).isFalse();
        assertThat(store.hasBlob(a.configDigest())).isFalse();
        assertThat(store.hasBlob(shared)).isTrue();

        assertThat(store.remove(ImageReference.parse("b"), Set.of(b.configDigest()))).isTrue();
        assertThat(store.images()).singleElement().satisfies(i -> {
            assertThat(i.names()).isEmpty();
            assertThat(i.configDigest()).isEqualTo(b.configDigest());
        });
        assertThat(store.removeImage(b.configDigest(), Set.of())).isTrue();
        assertThat(store.images()).isEmpty();
        try (var blobs = Files.list(dir.resolve("blobs/sha256")); var snapshots = Files.list(dir.resolve("snapshots"))) {
            assertThat(blobs).isEmpty();
            assertThat(snapshots).isEmpty();
        }
        assertThat(store.remove(ImageReference.parse("b"), Set.of())).isFalse();
    }

    @Test
    void pruningRemovesOnlyOldBlobsThatNoImageReferences() throws IOException {
        OciImageStore store = OciImageStore.open(dir);
        StoredImage kept = TestImages.busybox().build().putInto(store, "kept");
        Digest old = store.putBlob("left by a failed import".getBytes(StandardCharsets.UTF_8));
        Digest young = store.putBlob("a pull in progress".getBytes(StandardCharsets.UTF_8));
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        Files.setLastModifiedTime(store.blobPath(old), twoHoursAgo);
        Files.setLastModifiedTime(store.blobPath(kept.layers().get(0)), twoHoursAgo);

        assertThat(store.pruneUnreferenced(java.time.Duration.ofHours(1))).isEqualTo(1);

        assertThat(store.hasBlob(old)).isFalse();
        assertThat(store.hasBlob(young)).isTrue();
        assertThat(store.hasBlob(kept.layers().get(0))).isTrue();
    }

    @Test
    void skopeoReadsTheStoreAsAnOciLayout() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
        OciImageStore store = OciImageStore.open(dir);
        TestImage image = TestImages.busybox().cmd("sleep", "1").build();
        image.putInto(store, "localhost:5000/box:v1");

        Process p = new ProcessBuilder("skopeo", "inspect", "--config", "oci:" + dir + ":localhost:5000/box:v1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("\"sleep\"").contains(image.diffIds().get(0).toString());
    }
}
