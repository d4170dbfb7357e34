package skiff.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real {@code skiff agent} in its own process, joined to a {@link SkiffProcess} server. */
public final class SkiffAgentProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final OutputLines output;
    private boolean closed;

    private SkiffAgentProcess(Process process, OutputLines output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts an agent for {@code server} as node {@code nodeName}, with the server's admin token and CA files and its
     * own data directory; returns once it printed that it joined.
     */
    public static SkiffAgentProcess start(SkiffProcess server, String nodeName, Path dataDir) {
        return start(nodeName, SkiffProcess.skiffCommand("agent", "--server", server.url(),
                "--token-file", server.dataDir().resolve("token").toString(),
                "--ca-file", server.dataDir().resolve("tls/ca.crt").toString(),
                "--node-name", nodeName, "--data-dir", dataDir.toString(), "--kubelet-port", "0",
                "--runtime", "process", "--proxy-mode", "none"));
    }

    /**
     * Starts an agent that joins {@code server} as node {@code nodeName} with the given join flags ({@code --token}
     * and {@code --discovery-token-ca-cert-hash}), with its own data directory; returns once it printed that it
     * joined.
     */
    public static SkiffAgentProcess join(SkiffProcess server, String nodeName, Path dataDir, List<String> joinFlags) {
        return start(nodeName, joinCommand(server, nodeName, dataDir, joinFlags));
    }

    /** The command line of {@link #join}. */
    public static List<String> joinCommand(SkiffProcess server, String nodeName, Path dataDir,
            List<String> joinFlags) {
        List<String> command = SkiffProcess.skiffCommand("agent", "--server", server.url(), "--node-name", nodeName,
                "--data-dir", dataDir.toString(), "--kubelet-port", "0", "--runtime", "process",
                "--proxy-mode", "none");
        command.addAll(joinFlags);
        return command;
    }

    /**
     * Starts an agent for {@code server} as {@link #start(SkiffProcess, String, Path)} does, with its own flags instead
     * of the process runtime's, in the network namespace {@code netns}.
     */
    public static SkiffAgentProcess startIn(String netns, SkiffProcess server, String nodeName, Path dataDir,
            List<String> flags) {
        List<String> command = new ArrayList<>(SkiffProcess.inNetworkNamespace(netns));
        command.addAll(SkiffProcess.skiffCommand("agent", "--server", server.url(),
                "--token-file", server.dataDir().resolve("token").toString(),
                "--ca-file", server.dataDir().resolve("tls/ca.crt").toString(),
                "--node-name", nodeName, "--data-dir", dataDir.toString(), "--kubelet-port", "0"));
        command.addAll(flags);
        return start(nodeName, command);
    }

    private static SkiffAgentProcess start(String nodeName, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        OutputLines output = OutputLines.readFrom(process.getInputStream(), "skiff-agent-output");
        Optional<String> ready = output.awaitAny(line -> line.startsWith("Skiff agent is ready: node " + nodeName),
                READY_TIMEOUT);
        if (ready.isEmpty()) {
            process.destroyForcibly();
            output.awaitEnd(STOP_TIMEOUT);
            fail("skiff agent did not print its ready line within %s; its output:%n%s", READY_TIMEOUT, output.text());
        }
        return new SkiffAgentProcess(process, output);
    }

    /** What the agent has printed so far. */
    public String output() {
        return output.text();
    }

    /**
     * SIGTERM, then waits for the agent to finish its shutdown; {@link #output()} then holds all it printed. Closing
     * again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.toHandle().destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.awaitEnd(STOP_TIMEOUT);
        System.out.printf("--- skiff agent printed:%n%s", output.text());
    }
}
