package skiff.bench.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import skiff.bench.process.ProcessMemory;

/**
 * Memory of one server and its pods at one moment: the server's JVM (API server and kubelet in one process) as
 * resident memory and as Java heap in use after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}); the
 * containers' monitors (conmon, runc only) and the containers' own processes, as resident memory.
 *
 * @param monitors how many monitor processes were counted
 * @param containerProcesses how many container processes were counted
 */
record PodMemory(long serverRss, long serverHeapAfterGc, long monitorsRss, int monitors, long containersRss,
        int containerProcesses) {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /**
     * @param jcmd the JDK's jcmd
     * @param monitorPids the monitors' pids; the container processes are their descendants, or, with none (the
     *     process runtime), the server's
     */
    static PodMemory sample(Path jcmd, long serverPid, List<Long> monitorPids) throws InterruptedException {
        long heap = heapAfterGc(jcmd, serverPid);
        long rss = ProcessMemory.residentBytes(serverPid);
        List<ProcessHandle> containers = (monitorPids.isEmpty()
                ? ProcessHandle.of(serverPid).stream()
                : monitorPids.stream().flatMap(pid -> ProcessHandle.of(pid).stream()))
                .flatMap(ProcessHandle::descendants).toList();
        return new PodMemory(rss, heap, residentSum(monitorPids), monitorPids.size(),
                residentSum(containers.stream().map(ProcessHandle::pid).toList()), containers.size());
    }

    private static long residentSum(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                sum += ProcessMemory.residentBytes(pid);
            } catch (RuntimeException e) {
                // The process ended meanwhile.
            }
        }
        return sum;
    }

    private static long heapAfterGc(Path jcmd, long pid) throws InterruptedException {
        jcmd(jcmd, pid, "GC.run");
        long used = 0;
        for (String line : jcmd(jcmd, pid, "GC.heap_info").lines().toList()) {
            Matcher m = USED.matcher(line);
            // The heap's generations or regions; Metaspace and its class space are not heap.
            if (m.find() && !line.contains("space")) {
                used += Long.parseLong(m.group(1)) * 1024;
            }
        }
        return used;
    }

    private static String jcmd(Path jcmd, long pid, String command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        }
    }
}
