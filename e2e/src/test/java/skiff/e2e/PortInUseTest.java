package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port the server needs that another program holds (the kubelet's 10250 when a second server runs, or the API
 * port) stops the start before readiness is reported, with one line naming the port and the flag that moves it, and a
 * non-zero exit.
 */
class PortInUseTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aTakenKubeletPortStopsTheStartWithOneLine() throws Exception {
        try (ServerSocket taken = takePort()) {
            Exit exit = run("--port", "0", "--kubelet-port", String.valueOf(taken.getLocalPort()));

            assertThat(exit.code()).isNotZero();
            assertThat(exit.output()).contains("skiff: port " + taken.getLocalPort() + " (--kubelet-port) is already "
                    + "in use; choose another with --kubelet-port");
            assertThat(exit.output()).doesNotContain("is ready at").doesNotContain("api server ready").doesNotContain("Exception").doesNotContain("ERROR");
        }
    }

    @Test
    void aTakenApiServerPortStopsTheStartWithOneLine() throws Exception {
        try (ServerSocket taken = takePort()) {
            Exit exit = run("--port", String.valueOf(taken.getLocalPort()), "--kubelet-port", "0");

            assertThat(exit.code()).isNotZero();
            assertThat(exit.output()).contains("skiff: port " + taken.getLocalPort() + " (--port) is already in use; "
                    + "choose another with --port");
            assertThat(exit.output()).doesNotContain("is ready at").doesNotContain("api server ready").doesNotContain("Exception").doesNotContain("ERROR");
        }
    }

    record Exit(int code, String output) {}

    private static ServerSocket takePort() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private Exit run(String... ports) throws IOException, InterruptedException {
        List<String> command = SkiffProcess.skiffCommand("server", "--data-dir", dir.resolve("data").toString(),
                "--runtime", "process", "--proxy-mode", "none");
        command.addAll(List.of(ports));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        OutputLines output = OutputLines.readFrom(process.getInputStream(), "skiff-server-output");
        try {
            assertThat(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("skiff server exits; its output:%n%s", output.text()).isTrue();
            output.awaitEnd(EXIT_TIMEOUT);
            return new Exit(process.exitValue(), output.text());
        } finally {
            process.destroyForcibly();
        }
    }
}
