package skiff.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} from the PATH, pointed at one server's kubeconfig and run in a working directory of its
 * own, with its discovery and HTTP caches ({@code KUBECACHEDIR}) inside that directory so that no test sees another's
 * cache or the user's.
 */
public final class Kubectl {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<String> launcher;
    private final Path kubeconfig;
    private final Path workDir;

    public Kubectl(Path kubeconfig, Path workDir) {
        this(List.of("kubectl"), kubeconfig, workDir);
    }

    private Kubectl(List<String> launcher, Path kubeconfig, Path workDir) {
        this.launcher = launcher;
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
    }

    /**
     * The installed kubectl of one minor version ({@code "1.27"} runs {@code kubectl.1.27}) rather than the
     * dispatcher, found on the PATH or beside the real file of the {@code kubectl} on the PATH (where the Cloud SDK
     * packages keep them). Fails the test when that binary is missing: the machines that run these tests have them all.
     */
    public static Kubectl version(String minor, Path kubeconfig, Path workDir) {
        String name = "kubectl." + minor;
        Path binary = onPath(name).or(() -> onPath("kubectl").map(Kubectl::realPath)
                        .map(dispatcher -> dispatcher.resolveSibling(name)).filter(Files::isExecutable))
                .orElse(null);
        if (binary == null) {
            fail("%s is not installed: neither on the PATH nor beside the kubectl on the PATH", name);
        }
        return new Kubectl(List.of(binary.toString()), kubeconfig, workDir);
    }

    /** The kubectl from the PATH run in the network namespace {@code netns} of /var/run/netns. */
    public static Kubectl inNetworkNamespace(String netns, Path kubeconfig, Path workDir) {
        List<String> launcher = new ArrayList<>(SkiffProcess.inNetworkNamespace(netns));
        launcher.add("kubectl");
        return new Kubectl(List.copyOf(launcher), kubeconfig, workDir);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Path realPath(Path link) {
        try {
            return link.toRealPath();
        } catch (IOException e) {
            return link;
        }
    }

    public Path workDir() {
        return workDir;
    }

    /** Writes {@code content} to {@code name} in the working directory and returns the name, for {@code -f}. */
    public String file(String name, String content) {
        try {
            Files.writeString(workDir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** Runs {@code kubectl args...} to completion. */
    public KubectlResult run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs {@code kubectl args...} for a step a test builds on: fails the test unless kubectl exits 0. */
    public KubectlResult succeed(String... args) {
        KubectlResult result = run(args);
        if (!result.succeeded()) {
            fail("expected kubectl to succeed: %s", result);
        }
        return result;
    }

    /** Runs {@code kubectl args...} with {@code stdin} as its standard input. */
    public KubectlResult runWithInput(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    /** Runs {@code kubectl args...} with extra environment variables (KUBE_EDITOR for {@code kubectl edit}). */
    KubectlResult runWithEnvironment(Map<String, String> environment, String... args) {
        return run(null, environment, args);
    }

    private KubectlResult run(String stdin, Map<String, String> environment, String... args) {
        List<String> command = command(args);
        Process process = start(command, environment);
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // kubectl did not read its input; its exit code and output tell why.
        }
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish within %s", String.join(" ", command), TIMEOUT);
            }
            return new KubectlResult(command, process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Starts a long-running {@code kubectl args...} (such as {@code get -w}) whose lines are read as they come. */
    public KubectlWatch watch(String... args) {
        List<String> command = command(args);
        Process process = start(command, Map.of());
        return new KubectlWatch(process,
                OutputLines.readFrom(process.getInputStream(), "kubectl-stdout"),
                OutputLines.readFrom(process.getErrorStream(), "kubectl-stderr"));
    }

    /** The command line {@code kubectl args...} as this harness runs it, for a test that wraps it (in a terminal). */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a command line (from {@link #command}) with kubectl's environment and working directory. */
    public Process start(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("KUBECACHEDIR", workDir.resolve(".kube-cache").toString());
        builder.environment().remove("KUBECONFIG");
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " (is kubectl on the PATH?)", e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }
}
