package skiff.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;

/** A kubectl that keeps running in the background (such as {@code kubectl get -w}); its stdout is read line by line. */
public final class KubectlWatch implements AutoCloseable {
    private final Process process;
    private final OutputLines stdout;
    private final OutputLines stderr;

    KubectlWatch(Process process, OutputLines stdout, OutputLines stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The next line kubectl prints, waiting up to {@code timeout}; fails the test if none comes. */
    public String nextLine(Duration timeout) {
        return stdout.next(timeout).orElseGet(() -> fail(
                "kubectl printed no further line within %s (%s); stdout so far:%n%s%nstderr:%n%s", timeout,
                process.isAlive() ? "still running" : "exited with " + process.exitValue(), stdout.text(),
                stderr.text()));
    }

    /** Waits up to {@code timeout} for kubectl to exit by itself and returns its exit code; fails the test if not. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                fail("kubectl still runs after %s; stdout so far:%n%s", timeout, stdout.text());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        stdout.awaitEnd(Duration.ofSeconds(10));
        return process.exitValue();
    }

    /** Everything kubectl printed on stdout so far. */
    public String output() {
        return stdout.text();
    }

    /** Everything kubectl printed on stderr so far. */
    public String errors() {
        return stderr.text();
    }

    /** Stops kubectl. */
    @Override
    public void close() {
        process.destroy();
        stdout.awaitEnd(Duration.ofSeconds(10));
    }
}
