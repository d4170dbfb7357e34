package skiff.bench.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The servers a run has spawned; a shutdown hook kills any still alive, so an interrupted run leaves none behind. */
final class ChildProcesses {
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
                "bench-child-reaper"));
    }

    private ChildProcesses() {}

    static Process track(Process process) {
        ALIVE.add(process);
        process.onExit().thenRun(() -> ALIVE.remove(process));
        return process;
    }
}
