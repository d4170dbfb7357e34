package skiff.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code skiff server} process shared by the tests of a class, in a temporary directory removed afterwards.
 * Test methods may declare a {@link Kubectl} parameter: each gets a fresh working directory and kubectl cache.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SkiffProcessExtension skiff = new SkiffProcessExtension();
 *
 * @Test
 * void listsNamespaces(Kubectl kubectl) {
 *     assertThat(kubectl.run("get", "namespaces").exitCode()).isZero();
 * }
 * }</pre>
 */
public final class SkiffProcessExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final List<String> options;
    private Path baseDir;
    private SkiffProcess server;

    /** @param options more {@code skiff server} options, e.g. {@code --no-kubelet} */
    public SkiffProcessExtension(String... options) {
        this.options = List.of(options);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        baseDir = Files.createTempDirectory("skiff-e2e-");
        server = SkiffProcess.start(baseDir.resolve("data"), options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            deleteRecursively(baseDir);
        }
    }

    public SkiffProcess server() {
        return server;
    }

    /** A kubectl for the shared server with a new working directory of its own. */
    public Kubectl newKubectl() {
        try {
            return server.kubectl(Files.createTempDirectory(baseDir, "kubectl-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kubectl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return newKubectl();
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
