package skiff.kubelet.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import skiff.api.time.Clock;

/**
 * Serves one container attempt's CRI log file as {@code kubectl logs} shows it (k/k
 * pkg/kubelet/kuberuntime/logs/logs.go ReadLogs): the message of each record (partial records joined by simply not
 * ending them), optionally prefixed by its timestamp; the last {@code tailLines} records; records since
 * {@code sinceTime}; at most {@code limitBytes}; and with {@code follow}, new records as the file grows until the
 * container has exited.
 */
public final class ContainerLogReader {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Clock clock;

    public ContainerLogReader(Clock clock) {
        this.clock = clock;
    }

    /**
     * Copies the log to the sink.
     *
     * @param running whether the container may still write; only consulted with {@code follow}
     */
    public void read(Path file, LogOptions options, BooleanSupplier running, LogSink sink)
            throws IOException, InterruptedException {
        Output out = new Output(options, sink);
        try (FileChannel channel = open(file)) {
            if (channel == null) {
                return;
            }
            Chunk first = readComplete(channel, 0);
            List<byte[]> lines = first.lines();
            if (options.tailLines().isPresent()) {
                long keep = options.tailLines().getAsLong();
                lines = lines.subList((int) Math.max(0, lines.size() - keep), lines.size());
            }
            if (!out.writeAll(lines) || !options.follow()) {
                return;
            }
            long position = first.end();
            while (!sink.isClosed()) {
                boolean stillRunning = running.getAsBoolean();
                Chunk next = readComplete(channel, position);
                if (!out.writeAll(next.lines())) {
                    return;
                }
                position = next.end();
                if (!stillRunning) {
                    // Everything the container wrote before it exited is in the file by now.
                    return;
                }
                if (next.lines().isEmpty()) {
                    clock.sleep(POLL);
                }
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The complete records (ending in a newline) from {@code from} on, and where the last one ends. */
    private static Chunk readComplete(FileChannel channel, long from) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = from;
        int n;
        while ((n = channel.read(buffer.clear(), position)) > 0) {
            bytes.write(buffer.array(), 0, n);
            position += n;
        }
        byte[] data = bytes.toByteArray();
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                lines.add(java.util.Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        return new Chunk(lines, from + start);
    }

    private record Chunk(List<byte[]> lines, long end) {}

    /** Applies sinceTime, timestamps and limitBytes to records on their way to the sink. */
    private static final class Output {
        private final LogOptions options;
        private final LogSink sink;
        private long remaining;

        Output(LogOptions options, LogSink sink) {
            this.options = options;
            this.sink = sink;
            this.remaining = options.limitBytes().orElse(Long.MAX_VALUE);
        }

        /** False when the output is over: the limit is reached or the reader left. */
        boolean writeAll(List<byte[]> lines) throws InterruptedException {
            for (byte[] line : lines) {
                var record = CriLogRecord.parse(line);
                if (record.isEmpty()) {
                    continue;
                }
                if (options.sinceTime() != null && record.get().timestamp().isBefore(options.sinceTime())) {
                    continue;
                }
                if (!write(render(record.get()))) {
                    return false;
                }
            }
            return true;
        }

        private byte[] render(CriLogRecord record) {
            byte[] content = record.content();
            if (!options.timestamps()) {
                return content;
            }
            byte[] prefix = (LogTimestamps.rfc3339Nano(record.timestamp()) + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + content.length);
            System.arraycopy(content, 0, out, prefix.length, content.length);
            return out;
        }

        private boolean write(byte[] bytes) throws InterruptedException {
            if (remaining <= 0) {
                return false;
            }
            byte[] cut = bytes.length <= remaining ? bytes : java.util.Arrays.copyOf(bytes, (int) remaining);
            remaining -= cut.length;
            return sink.write(cut) && remaining > 0;
        }
    }
}
