package skiff.bench.process;

import java.time.Duration;

/** A server process that has started and answered its health check. */
public interface StartedServer extends AutoCloseable {

    /** Wall time from just before the process was spawned to the first healthy answer. */
    Duration timeToReady();

    /** CPU time (user + system) the process had used at that moment. */
    Duration cpuToReady();

    long pid();

    default long residentBytes() {
        return ProcessMemory.residentBytes(pid());
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s). */
    @Override
    void close();
}
