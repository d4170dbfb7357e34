package skiff.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.api.time.FakeClock;

class ContainerLogReaderTest {
    private static final String LOG = """
            2026-11-26T01:00:00.5Z stdout F one
            2026-11-26T01:00:01Z stderr F two
            2026-11-26T01:00:02Z stdout P thr
            2026-11-26T01:00:02.000000100Z stdout F ee
            2026-11-26T01:00:03Z stdout F four
            """;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T02:00:00Z"));

    private static LogOptions options() {
        return LogOptions.all();
    }

    private String read(LogOptions options) throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), LOG);
        Collecting sink = new Collecting();
        new ContainerLogReader(clock).read(file, options, () -> false, sink);
        return sink.text();
    }

    @Test
    void messagesAreShownWithoutTheirPrefixAndPartialLinesAreJoined() throws Exception {
        assertThat(read(options())).isEqualTo("one\ntwo\nthree\nfour\n");
    }

    @Test
    void timestampsPrefixEachRecordInRfc3339Nano() throws Exception {
        LogOptions o = new LogOptions(false, false, true, null, OptionalLong.empty(), OptionalLong.empty());

        assertThat(read(o)).isEqualTo("2026-11-26T01:00:00.5Z one\n2026-11-26T01:00:01Z two\n"
                + "2026-11-26T01:00:02Z thr2026-11-26T01:00:02.0000001Z ee\n2026-11-26T01:00:03Z four\n");
    }

    @Test
    void tailKeepsTheLastRecords() throws Exception {
        LogOptions o = new LogOptions(false, false, false, null, OptionalLong.of(2), OptionalLong.empty());

        assertThat(read(o)).isEqualTo("ee\nfour\n");
    }

    @Test
    void tailOfZeroShowsNothing() throws Exception {
        LogOptions o = new LogOptions(false, false, false, null, OptionalLong.of(0), OptionalLong.empty());

        assertThat(read(o)).isEmpty();
    }

    @Test
    void sinceTimeSkipsOlderRecords() throws Exception {
        LogOptions o = new LogOptions(false, false, false, Instant.parse("2026-11-26T01:00:01Z"),
                OptionalLong.empty(), OptionalLong.empty());

        assertThat(read(o)).isEqualTo("two\nthree\nfour\n");
    }

    @Test
    void limitBytesCutsTheOutput() throws Exception {
        LogOptions o = new LogOptions(false, false, false, null, OptionalLong.empty(), OptionalLong.of(6));

        assertThat(read(o)).isEqualTo("one\ntw");
    }

    @Test
    void followReadsRecordsAppendedWhileTheContainerRunsAndEndsWhenItHasExited() throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), "2026-11-26T01:00:00Z stdout F first\n");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        // Each wait of the reader is when the container writes more: first half a line, then the rest and its exit.
        Collecting sink = new Collecting();
        LogOptions follow = new LogOptions(true, false, false, null, OptionalLong.empty(), OptionalLong.empty());
        new ContainerLogReader(new SteppingClock(() -> {
            int n = polls.incrementAndGet();
            append(file, n == 1 ? "2026-11-26T01:00:01Z stdout F sec" : "ond\n");
            if (n == 1) {
                return;
            }
            append(file, "2026-11-26T01:00:02Z stdout F third\n");
            running.set(false);
        })).read(file, follow, running::get, sink);

        assertThat(sink.text()).isEqualTo("first\nsecond\nthird\n");
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock whose every sleep runs a step instead of waiting. */
    private record SteppingClock(Runnable step) implements Clock {
        @Override
        public Instant now() {
            return Instant.EPOCH;
        }

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public void sleep(Duration duration) {
            step.run();
        }
    }

    private static final class Collecting implements LogSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public boolean write(byte[] b) {
            bytes.writeBytes(b);
            return true;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
