package skiff.kubelet.runtime.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals a whole process group. Every container is started through {@code setsid}, so its first process leads a
 * new session and process group whose ID is its PID; the group holds everything the container forked.
 */
final class ProcessSignals {
    private ProcessSignals() {}

    /** Sends {@code signal} (TERM, KILL...) to every process of group {@code pgid}; false if none was there. */
    static boolean signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
