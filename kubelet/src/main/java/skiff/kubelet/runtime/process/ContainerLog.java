package skiff.kubelet.runtime.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import skiff.api.time.Clock;
import skiff.kubelet.PrivateFiles;

/**
 * One container attempt's log file, in the CRI logging format that {@code kubectl logs} will be served from
 * (k/k staging/src/k8s.io/cri-api logging docs; pkg/kubelet/kuberuntime/logs: each line is
 * {@code TIMESTAMP STREAM TAG MESSAGE}, timestamp RFC 3339 with nanoseconds, tag F for a full line).
 */
public final class ContainerLog implements AutoCloseable {
    private final Path path;
    private final Clock clock;
    private final OutputStream out;

    ContainerLog(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
        try {
            PrivateFiles.directories(path.getParent());
            this.out = PrivateFiles.append(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /**
     * Copies a stream into the log line by line until it ends, handing each chunk read to {@code tee} as well (the
     * container's attaches); runs on its own thread.
     */
    void pump(InputStream stream, String name, java.util.function.ObjIntConsumer<byte[]> tee) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                tee.accept(buffer, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        appendLine(name, line);
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The process is gone and its pipe closed under us: nothing more to copy.
        }
        if (line.size() > 0) {
            appendLine(name, line);
        }
    }

    private void appendLine(String name, java.io.ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        append(name, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        line.reset();
    }

    synchronized void append(String stream, String line) {
        try {
            out.write((clock.now() + " " + stream + " F " + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // A full disk must not kill the container; the line is lost.
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Closing a log cannot fail in a way that matters.
        }
    }

    /** The message part of the last {@code maxLines} lines, at most {@code maxBytes} from the end. */
    public static String tail(Path log, int maxLines, int maxBytes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        Deque<String> kept = new ArrayDeque<>();
        for (int i = lines.size() - 1; i >= 0 && kept.size() < maxLines; i--) {
            kept.addFirst(message(lines.get(i)));
        }
        String text = String.join("\n", kept);
        if (!text.isEmpty()) {
            text += "\n";
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= maxBytes ? text
                : new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
    }

    private static String message(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
        return third < 0 ? line : line.substring(third + 1);
    }
}
