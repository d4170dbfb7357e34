package skiff.e2e;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code skiff server} in its own process, started from {@code cli/target/skiff.jar} with this JVM's java on
 * a free port and the given data directory, exactly as a user runs it.
 */
public final class SkiffProcess implements AutoCloseable {
    private static final Pattern READY_LINE =
            Pattern.compile("Skiff API server is ready at (https://\\S+) \\(data in .*\\)\\.");
    // Generous: on a machine shared by several builds a start (certificates, SQLite, the kubelet) can take a minute.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> launcher;
    private final Path dataDir;
    private final List<String> extraArgs;
    private final Process process;
    private final OutputLines output;
    private final String url;

    private SkiffProcess(List<String> launcher, Path dataDir, List<String> extraArgs, Process process,
            OutputLines output, String url) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.extraArgs = extraArgs;
        this.process = process;
        this.output = output;
        this.url = url;
    }

    /** Starts a server on {@code dataDir} and returns once it printed that it is ready. */
    public static SkiffProcess start(Path dataDir) {
        return start(dataDir, List.of());
    }

    /**
     * Starts a server on {@code dataDir} with more arguments (such as {@code --no-kubelet}) and returns once it printed
     * that it is ready. Its kubelet, if any, listens on a free port.
     */
    public static SkiffProcess start(Path dataDir, List<String> extraArgs) {
        return start(List.of(), dataDir, extraArgs);
    }

    /** Starts a server as {@link #start(Path, List)} does, in the network namespace {@code netns}. */
    public static SkiffProcess startIn(String netns, Path dataDir, List<String> extraArgs) {
        return start(inNetworkNamespace(netns), dataDir, extraArgs);
    }

    /**
     * The command prefix that runs a program in the network namespace {@code netns} of /var/run/netns, only that
     * namespace changed: {@code nsenter --net=...}, which execs the program (its process is the program's). Not
     * {@code ip netns exec}, which also mounts a new /sys, without the cgroup hierarchies runc needs.
     */
    static List<String> inNetworkNamespace(String netns) {
        return List.of("nsenter", "--net=/var/run/netns/" + netns);
    }

    private static SkiffProcess start(List<String> launcher, Path dataDir, List<String> extraArgs) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(skiffCommand("server", "--data-dir", dataDir.toString(), "--port", "0",
                "--kubelet-port", "0", "--proxy-mode", "none",
                "--dns-port", "0"));
        // The process runtime unless the test picks one: no bridge, cgroups or images of the product's defaults.
        if (!extraArgs.contains("--runtime")) {
            command.addAll(List.of("--runtime", "process"));
        }
        command.addAll(extraArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        OutputLines output = OutputLines.readFrom(process.getInputStream(), "skiff-server-output");
        Optional<String> ready = output.awaitAny(line -> READY_LINE.matcher(line).matches(), READY_TIMEOUT);
        if (ready.isEmpty()) {
            process.destroyForcibly();
            output.awaitEnd(STOP_TIMEOUT);
            fail("skiff server did not print its ready line within %s (%s); its output:%n%s", READY_TIMEOUT,
                    process.isAlive() ? "still running" : "exited", output.text());
        }
        Matcher m = READY_LINE.matcher(ready.get());
        m.matches();
        return new SkiffProcess(launcher, dataDir, List.copyOf(extraArgs), process, output, m.group(1));
    }

    /** {@code java -jar cli/target/skiff.jar args...} with this JVM's java. */
    static List<String> skiffCommand(String... args) {
        Path jar = repoRoot().resolve("cli/target/skiff.jar");
        if (!Files.isRegularFile(jar)) {
            fail("%s is missing: build it first (bin/mvn -o -DskipTests install)", jar);
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        // As bin/jvm-flags: no JDK warning about the libraries' sun.misc.Unsafe use on the server's output.
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Path repoRoot() {
        String root = System.getProperty("skiff.repo.root");
        if (root == null) {
            fail("system property skiff.repo.root is not set (the e2e module's surefire configuration sets it)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    public String url() {
        return url;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The admin kubeconfig the server wrote for this start. */
    public Path kubeconfig() {
        return dataDir.resolve("kubeconfig.yaml");
    }

    /** A fabric8 client configuration read from the written kubeconfig, as a user's program would build it. */
    public Config clientConfig() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubectl for this server working in {@code workDir} (its discovery cache included). */
    public Kubectl kubectl(Path workDir) {
        return new Kubectl(kubeconfig(), workDir);
    }

    /** What the server printed so far. */
    public String output() {
        return output.text();
    }

    /**
     * SIGTERM, then waits for the process to finish its shutdown. Sent through the process handle: Process.destroy()
     * would also close the pipes and lose what the server prints while it shuts down.
     */
    public void stop() {
        process.toHandle().destroy();
        awaitExit();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed on the way out. */
    public void kill9() {
        process.toHandle().destroyForcibly();
        awaitExit();
    }

    /** Stops this server if it still runs and starts a new one on the same data directory. */
    public SkiffProcess restart() {
        if (process.isAlive()) {
            stop();
        }
        return start(launcher, dataDir, extraArgs);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitExit() {
        try {
            waitForExit();
        } finally {
            // Kept with the test's output (surefire's *-output.txt) for diagnosing failures.
            System.out.printf("--- skiff server %s (data in %s) printed:%n%s", url, dataDir, output.text());
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("skiff server did not exit within %s; its output:%n%s", STOP_TIMEOUT, output.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        output.awaitEnd(STOP_TIMEOUT);
    }
}
