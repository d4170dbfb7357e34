package skiff.kubelet.runtime.runc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The {@code runc} command line with one state directory ({@code runc --root}), as runc 1.1's man pages describe
 * {@code state}, {@code start}, {@code kill}, {@code delete}, {@code exec} and {@code --version}.
 */
record RuncCli(Path runc, Path stateRoot) {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** The outcome of one runc command: its exit code and combined output, or -1 after a timeout. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    List<String> command(String... args) {
        List<String> argv = new ArrayList<>(List.of(runc.toString(), "--root", stateRoot.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    Result run(String... args) {
        return run(command(args), COMMAND_TIMEOUT);
    }

    static Result run(List<String> argv, Duration timeout) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                reader.join(Duration.ofSeconds(2));
                return new Result(-1, argv.getFirst() + " did not finish within " + timeout);
            }
            reader.join(Duration.ofSeconds(5));
            return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** The container's status (created, running, paused, stopped), empty when runc does not know it. */
    Optional<String> status(String id) {
        Result r = run("state", id);
        if (!r.ok()) {
            return Optional.empty();
        }
        JsonNode state = Json.parse(r.output().getBytes(StandardCharsets.UTF_8));
        return Optional.of(state.path("status").asString());
    }

    Result start(String id) {
        return run("start", id);
    }

    /** Sends a signal to the container's init process; harmless when it has exited. */
    Result kill(String id, String signal) {
        return run("kill", id, signal);
    }

    /** Deletes the container, killing it first if it runs; harmless when runc does not know it. */
    Result delete(String id) {
        return run("delete", "--force", id);
    }

    /** The first line of {@code runc --version}'s number, e.g. {@code 1.1.5}. */
    static Optional<String> version(Path runc) {
        try {
            Result r = run(List.of(runc.toString(), "--version"), Duration.ofSeconds(10));
            String first = r.output().lines().findFirst().orElse("");
            return r.ok() && first.startsWith("runc version ")
                    ? Optional.of(first.substring("runc version ".length()).trim()) : Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
