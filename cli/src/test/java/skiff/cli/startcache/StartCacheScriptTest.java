package skiff.cli.startcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/start-cache}, which bin/skiff runs before {@code skiff server}: it trains a class cache once per jar
 * and JDK, hands out the option that uses it, makes a new one when the jar changes, falls back to AppCDS, and gives
 * up quietly (once) when the training run fails. The jar here is a stand-in whose {@code server} prints the real
 * server's ready line, so the script's own logic is what runs; the JDK is the one running the tests.
 */
class StartCacheScriptTest {
    private static final Path SCRIPT = Path.of("..", "bin", "start-cache").toAbsolutePath().normalize();
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    @Test
    void makesTheCacheOnceAndTheJvmAcceptsIt() throws Exception {
        Path jar = standInJar(StandInServer.class);

        Result first = startCache(jar, Map.of());
        assertThat(first.stderr()).contains("making the start-up cache");
        String option = cacheOption(first);
        assertThat(option).matches("-XX:AOTCache=.*/start-cache/skiff-[0-9a-f]{16}\\.aot");
        Path cache = Path.of(option.substring(option.indexOf('=') + 1));
        assertThat(cache).isNotEmptyFile();
        // AOTMode=on makes the JVM fail instead of running without a cache it cannot use; the cache is used with the
        // JDK flags it was made with, which the script prints before it.
        assertThat(java(withSerialGc(first, "-XX:AOTMode=on"), jar).stdout()).contains("stand-in version");

        FileTime made = Files.getLastModifiedTime(cache);
        Result second = startCache(jar, Map.of());
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(second.stderr()).doesNotContain("making the start-up cache");
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);
    }

    @Test
    void aRebuiltJarGetsANewCacheAndTheOldOneGoes() throws Exception {
        Path jar = standInJar(StandInServer.class);
        String before = cacheOption(startCache(jar, Map.of()));

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Result after = startCache(jar, Map.of());

        assertThat(after.stderr()).contains("making the start-up cache");
        assertThat(cacheOption(after)).startsWith("-XX:AOTCache=").isNotEqualTo(before);
        assertThat(Path.of(before.substring(before.indexOf('=') + 1))).doesNotExist();
        assertThat(cacheFiles(jar)).hasSize(1);
    }

    @Test
    void aNewJarInLibAlsoGetsANewCache() throws Exception {
        Path jar = standInJar(StandInServer.class);
        String before = cacheOption(startCache(jar, Map.of()));

        Files.writeString(jar.resolveSibling("lib").resolve("extra.jar"), "not really a jar");

        assertThat(cacheOption(startCache(jar, Map.of()))).startsWith("-XX:AOTCache=").isNotEqualTo(before);
    }

    @Test
    void appCdsIsTheFallbackAndTheJvmAcceptsIt() throws Exception {
        Path jar = standInJar(StandInServer.class);

        Result made = startCache(jar, Map.of("SKIFF_START_CACHE", "appcds"));
        String option = cacheOption(made);

        assertThat(option).matches("-XX:SharedArchiveFile=.*/start-cache/skiff-[0-9a-f]{16}\\.jsa");
        assertThat(Path.of(option.substring(option.indexOf('=') + 1))).isNotEmptyFile();
        // -Xshare:on makes the JVM fail instead of running without an archive it cannot map.
        assertThat(java(withSerialGc(made, "-Xshare:on"), jar).stdout()).contains("stand-in version");
    }

    @Test
    void offMakesNothing() throws Exception {
        Path jar = standInJar(StandInServer.class);

        Result off = startCache(jar, Map.of("SKIFF_START_CACHE", "off"));

        assertThat(off.stdout()).isEmpty();
        assertThat(jar.resolveSibling("start-cache")).doesNotExist();
    }

    @Test
    void aFailedTrainingRunIsNotRetriedForTheSameJar() throws Exception {
        Path jar = standInJar(FailingServer.class);

        Result first = startCache(jar, Map.of());
        assertThat(first.stdout()).isEmpty();
        assertThat(first.stderr()).contains("could not make the start-up cache");

        Result second = startCache(jar, Map.of());
        assertThat(second.stdout()).isEmpty();
        assertThat(second.stderr()).doesNotContain("making the start-up cache");
        assertThat(cacheFiles(jar)).allMatch(p -> p.getFileName().toString().endsWith(".failed"));
    }

    private Path standInJar(Class<?> main) throws IOException {
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("lib"));
        Files.writeString(target.resolve("lib").resolve("dep.jar"), "stands for a dependency");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path jar = target.resolve("skiff.jar");
        String entry = main.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            try (var in = main.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }

    private List<Path> cacheFiles(Path jar) throws IOException {
        try (Stream<Path> files = Files.list(jar.resolveSibling("start-cache"))) {
            return files.toList();
        }
    }

    private Result startCache(Path jar, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), JAVA_HOME.toString(), jar.toString());
        builder.environment().putAll(env);
        builder.environment().put("TMPDIR", dir.toString());
        return run(builder);
    }

    private Result java(List<String> options, Path jar) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/java").toString()));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString(), "version"));
        Result result = run(new ProcessBuilder(command));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile("start-cache", ".out");
        Path err = Files.createTempFile("start-cache", ".err");
        try {
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** The cache option the script printed: its last line, after the JDK flags of bin/jvm-flags. */
    private static String cacheOption(Result result) {
        List<String> lines = result.stdout().strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** The JVM options bin/skiff would run with: -XX:+UseSerialGC, every line the script printed, then {@code more}. */
    private static List<String> withSerialGc(Result result, String more) {
        List<String> options = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC"));
        options.addAll(result.stdout().strip().lines().toList());
        options.add(more);
        return options;
    }
}
