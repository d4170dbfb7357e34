package skiff.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import skiff.api.time.Clock;

/**
 * Where a benchmark run finds its programs and keeps its files: the repository (for {@code cli/target/skiff.jar}),
 * the java that runs this JVM (used for the server too), the etcd binary, and temporary directories that
 * {@link #close()} deletes.
 */
public final class Workspace implements AutoCloseable {
    private final Path repoRoot;
    private final Path scratch;
    private final Clock clock;

    private Workspace(Path repoRoot, Path scratch, Clock clock) {
        this.repoRoot = repoRoot;
        this.scratch = scratch;
        this.clock = clock;
    }

    /** The repository is {@code -Dskiff.repo.root}, else the nearest directory upwards with {@code cli/pom.xml}. */
    public static Workspace open(Clock clock) {
        String configured = System.getProperty("skiff.repo.root");
        Path root = configured != null ? Path.of(configured) : findRoot(Path.of("").toAbsolutePath());
        String tmp = System.getProperty("skiff.bench.tmp", System.getProperty("java.io.tmpdir"));
        try {
            Path scratch = Files.createTempDirectory(Path.of(tmp), "skiff-bench-");
            return new Workspace(root.toAbsolutePath().normalize(), scratch, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("cli/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the Skiff repository above " + start
                + "; run from it or pass -Dskiff.repo.root=DIR");
    }

    public Path scratch() {
        return scratch;
    }

    public Clock clock() {
        return clock;
    }

    public Path skiffJar() {
        Path jar = repoRoot.resolve("cli/target/skiff.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with bin/mvn -q -DskipTests install");
        }
        return jar;
    }

    /** {@code bin/start-cache}: the start-up cache bin/skiff gives the server. */
    public Path startCacheScript() {
        return repoRoot.resolve("bin/start-cache");
    }

    /** The java of this JVM, so the server runs on the same JDK as the benchmark. */
    public Path java() {
        return Path.of(ProcessHandle.current().info().command().orElse("java"));
    }

    public Path etcd() {
        String configured = System.getProperty("skiff.bench.etcd");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("etcd is not on the PATH (Debian: apt-get install etcd-server)");
    }

    public boolean hasEtcd() {
        try {
            etcd();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** A new empty directory under this run's scratch directory. */
    public Path newDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(scratch, prefix + "-");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(scratch);
    }

    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
