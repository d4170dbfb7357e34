package skiff.kubelet.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nft} and {@code ip} on this machine, optionally inside a network namespace ({@code ip netns exec NS}),
 * with a bounded wait, returning stdout or failing with the command's own message.
 *
 * @param prefix words put before every command, e.g. {@code [ip, netns, exec, NS]}; empty for the current namespace
 */
public record HostCommand(List<String> prefix) {
    private static final long TIMEOUT_SECONDS = 60;

    public HostCommand {
        prefix = List.copyOf(prefix);
    }

    public static HostCommand here() {
        return new HostCommand(List.of());
    }

    public static HostCommand inNetns(String netns) {
        return new HostCommand(List.of("ip", "netns", "exec", netns));
    }

    /** Runs {@code command} with {@code stdin} as its input; returns its stdout. */
    public String run(String stdin, String... command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(false).start();
            // Each pipe drained on a thread of its own, so that neither can fill up and stall the command.
            Executor own = task -> Thread.ofVirtual().start(task);
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), own);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), own);
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CommandException(String.join(" ", argv) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
                throw new CommandException(String.join(" ", argv) + " failed (exit " + process.exitValue() + "): "
                        + (stderr.length() > 2000 ? stderr.substring(0, 2000) + "..." : stderr));
            }
            return stdout;
        } catch (IOException e) {
            throw new CommandException("cannot run " + String.join(" ", argv) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(String.join(" ", argv) + " interrupted");
        }
    }

    private static byte[] read(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** A host command that failed or could not run. */
    public static final class CommandException extends RuntimeException {
        public CommandException(String message) {
            super(message);
        }
    }
}
