package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuntimeProbe;

/**
 * Every example in {@code examples/} (each a classic question about Kubernetes, answered by making it happen) runs
 * as a newcomer's {@code bin/skiff tour} would run it, on one server started here: the runc runtime where it can work
 * (then a skipped example fails the test), with a bridge, pod CIDR and cgroup root of its own, and static pods from a
 * manifest directory. An example passes when its script exits 0 after printing {@code ok}.
 */
class ExamplesTest {
    private static final Duration EXAMPLE_DEADLINE = Duration.ofSeconds(150);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String BRIDGE = "skex" + RUN;
    /** The jar this build made, as the examples' {@code skiff} (bin/skiff would rebuild it when sources are newer). */
    private static final String SKIFF_CLI = String.join(" ", SkiffProcess.skiffCommand());

    @TempDir
    static Path dir;
    private static SkiffProcess server;
    private static Path manifests;
    private static boolean runc;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        manifests = Files.createDirectories(dir.resolve("manifests"));
        runc = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide().useRunc();
        int third = new SecureRandom().nextInt(8 * 256);
        String cidr = "10." + (200 + third / 256) + "." + (third % 256) + ".0/24";
        server = SkiffProcess.start(dir.resolve("data"), List.of("--runtime", runc ? "runc" : "process",
                "--pod-manifest-path", manifests.toString(), "--cni-bridge", BRIDGE, "--cluster-cidr", cidr,
                "--node-cidr-mask-size", "24", "--cgroup-root", "/skiff-test-" + RUN, "--netns-prefix",
                "skex-" + RUN + "-"));
        ProcessBuilder image = new ProcessBuilder("bash", "-c", "source examples/lib.sh && ensure_busybox_image \"$1\"",
                "_", server.dataDir().toString()).directory(repoRoot().toFile()).inheritIO();
        image.environment().put("SKIFF_CLI", SKIFF_CLI);
        assertThat(image.start().waitFor()).isZero();
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        try {
            // runc containers outlive their server: every pod goes first, and the kubelet confirms each.
            try (Stream<Path> files = Files.list(manifests)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Kubectl kubectl = server.kubectl(Files.createDirectories(dir.resolve("cleanup")));
            kubectl.run("delete", "pods", "--all", "--all-namespaces", "--grace-period=0", "--force");
            Path pods = server.dataDir().resolve("kubelet/runc/pods");
            await().atMost(Duration.ofSeconds(90)).until(() -> isEmpty(pods));
        } finally {
            server.close();
            if (runc) {
                CgroupTree.system().removeTree("/skiff-test-" + RUN);
                new ProcessBuilder("ip", "link", "del", BRIDGE).inheritIO().start().waitFor();
                CniPodNetwork.removeMasquerade(BRIDGE);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAndItsChecksHold() throws IOException {
        List<Path> examples;
        try (Stream<Path> entries = Files.list(repoRoot().resolve("examples"))) {
            examples = entries.filter(e -> Files.isExecutable(e.resolve("run.sh"))).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.getFileName().toString(),
                () -> runExample(example)));
    }

    private static void runExample(Path example) throws IOException, InterruptedException {
        Path log = dir.resolve(example.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(example.resolve("run.sh").toString()).directory(
                repoRoot().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SKIFF_EXAMPLES_KUBECONFIG", server.kubeconfig().toString());
        env.put("SKIFF_POD_MANIFEST_PATH", manifests.toString());
        env.put("SKIFF_CLI", SKIFF_CLI);
        if (runc) {
            env.put("SKIFF_EXAMPLES_STRICT", "1");
        }
        Process process = builder.start();
        boolean exited = process.waitFor(EXAMPLE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(exited).as("%s finished within %s; its output:%n%s", example, EXAMPLE_DEADLINE, output).isTrue();
        assertThat(process.exitValue()).as("%s's exit status; its output:%n%s", example, output).isZero();
        assertThat(output.strip().lines().reduce((first, second) -> second).orElse(""))
                .as("%s's last line", example).startsWith("ok");
    }

    private static boolean isEmpty(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Path repoRoot() {
        return Path.of(System.getProperty("skiff.repo.root")).toAbsolutePath().normalize();
    }
}
