package skiff.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import skiff.api.time.Clock;

/**
 * The lines a process writes to one of its streams, read by a virtual thread as they come. Readers wait for a line
 * with a deadline; the stream's end wakes them too, so a process that dies is noticed at once.
 */
final class OutputLines {
    private static final Clock CLOCK = Clock.system();

    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private int cursor;

    private OutputLines() {}

    /** Starts reading {@code stream} until its end. */
    static OutputLines readFrom(InputStream stream, String threadName) {
        OutputLines output = new OutputLines();
        Thread.ofVirtual().name(threadName).start(() -> output.readAll(stream));
        return output;
    }

    private void readAll(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                add(line);
            }
        } catch (IOException e) {
            // The process went away; what was read so far stays.
        } finally {
            end();
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The first line so far or within {@code timeout} that matches, or empty if none came before the deadline or the end. */
    synchronized Optional<String> awaitAny(Predicate<String> matching, Duration timeout) {
        long deadline = CLOCK.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (matching.test(lines.get(checked))) {
                    return Optional.of(lines.get(checked));
                }
            }
            if (ended || !waitUntil(deadline)) {
                return Optional.empty();
            }
        }
    }

    /**
     * The next line not yet taken by this method, waiting up to {@code timeout} for it; empty if the deadline passed or
     * the stream ended first.
     */
    synchronized Optional<String> next(Duration timeout) {
        long deadline = CLOCK.nanoTime() + timeout.toNanos();
        while (cursor >= lines.size()) {
            if (ended || !waitUntil(deadline)) {
                return Optional.empty();
            }
        }
        return Optional.of(lines.get(cursor++));
    }

    /** Waits until the stream has ended, at most {@code timeout}; true if it has. */
    synchronized boolean awaitEnd(Duration timeout) {
        long deadline = CLOCK.nanoTime() + timeout.toNanos();
        while (!ended) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Everything read so far, one line after another. */
    synchronized String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private boolean waitUntil(long deadlineNanos) {
        long left = deadlineNanos - CLOCK.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            wait(Math.max(1, left / 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for output", e);
        }
    }
}
