package skiff.kubelet.runtime.runc;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * Starts a container under conmon (containers/conmon 2.1), the monitor that outlives Skiff: it runs
 * {@code runc create}, holds the container's stdio, writes its log in the CRI format ({@code k8s-file}), and writes
 * the exit code to {@code EXIT_DIR/ID} (and an {@code oom} file to its persist directory after an OOM kill). Driven as
 * CRI-O's internal/oci/runtime_oci.go CreateContainer does: conmon reports the container's PID, or -1 and runc's error,
 * as one JSON object on the sync pipe named by {@code _OCI_SYNCPIPE}. Java cannot hand a child an extra descriptor, so
 * the pipe is a FIFO that a shell opens as descriptor 3 before it becomes conmon. Conmon then detaches (double fork,
 * new session), so it is no child of the JVM and survives Skiff's exit.
 */
final class Conmon {
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    private Conmon() {}

    /** Where one container's monitor keeps its files. */
    record Paths(Path bundle, Path log, Path exitDir, Path socketDir, Path persistDir, Path pidFile,
            Path conmonPidFile, Path syncFifo, Path output) {}

    /** The created container's PID, or the reason it could not be created. */
    sealed interface Created {
        record Ok(long pid) implements Created {}

        record Failed(String message) implements Created {}
    }

    /**
     * The container's stdio as its spec asks: a terminal (conmon then receives the terminal's master through runc's
     * console socket and holds it), or a stdin pipe, which stays open after the first attach ends unless stdinOnce.
     */
    record Stdio(boolean terminal, boolean stdin, boolean stdinOnce) {
        // CRI-O internal/oci/runtime_oci.go CreateContainer: -t for a terminal, else -i for stdin, with
        // --leave-stdin-open unless stdinOnce.
        List<String> arguments() {
            if (terminal) {
                return List.of("-t");
            }
            return !stdin ? List.of() : stdinOnce ? List.of("-i") : List.of("-i", "--leave-stdin-open");
        }
    }

    static Created create(Path conmon, RuncCli runc, String id, String name, Paths paths, Stdio stdio)
            throws IOException, InterruptedException {
        Files.deleteIfExists(paths.syncFifo());
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0600", paths.syncFifo().toString()).start();
        if (mkfifo.waitFor() != 0) {
            throw new IOException("cannot make the FIFO " + paths.syncFifo());
        }
        Files.createDirectories(paths.persistDir());
        List<String> argv = new ArrayList<>(List.of("setsid", "sh", "-c", "exec \"$@\" 3>\"$0\"",
                paths.syncFifo().toString(), conmon.toString(),
                "--api-version", "1", "-c", id, "-u", id, "-n", name, "-r", runc.runc().toString(),
                "--runtime-arg", "--root=" + runc.stateRoot(),
                "-b", paths.bundle().toString(), "-p", paths.pidFile().toString(),
                "-P", paths.conmonPidFile().toString(), "-l", "k8s-file:" + paths.log(),
                "--exit-dir", paths.exitDir().toString(), "--socket-dir-path", paths.socketDir().toString(),
                "--persist-dir", paths.persistDir().toString(), "--log-level", "info"));
        argv.addAll(stdio.arguments());
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(paths.output().toFile()));
        builder.environment().put("_OCI_SYNCPIPE", "3");
        // Opened read-write, the FIFO does not block here whatever conmon does; the answer is one JSON line.
        try (RandomAccessFile sync = new RandomAccessFile(paths.syncFifo().toFile(), "rw")) {
            Process launcher = builder.start();
            FutureTask<String> answer = new FutureTask<>(() -> readObject(sync));
            Thread.ofVirtual().name("conmon-sync-" + id).start(answer);
            try {
                JsonNode json = Json.parse(answer.get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .getBytes(StandardCharsets.UTF_8));
                long pid = json.path("data").asLong(-1);
                return pid > 0 ? new Created.Ok(pid)
                        : new Created.Failed(json.path("message").asString("conmon could not create the container")
                                .strip());
            } catch (TimeoutException e) {
                launcher.destroyForcibly();
                return new Created.Failed("conmon gave no answer within " + CREATE_TIMEOUT + ": " + output(paths));
            } catch (ExecutionException e) {
                return new Created.Failed("conmon's answer is unreadable: " + e.getCause() + " " + output(paths));
            } finally {
                answer.cancel(true);
                launcher.waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            Files.deleteIfExists(paths.syncFifo());
        }
    }

    private static String readObject(RandomAccessFile sync) throws IOException {
        ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        while (true) {
            int b = sync.read();
            if (b < 0) {
                throw new IOException("the sync pipe closed after " + text.toString(StandardCharsets.UTF_8));
            }
            char c = (char) b;
            text.write(b);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static String output(Paths paths) {
        try {
            return Files.readString(paths.output()).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
