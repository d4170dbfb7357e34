package skiff.kubelet.runtime.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import skiff.kubelet.runtime.ExecResult;

/**
 * A command run alongside a process container, with its environment and working directory, in a process group of
 * its own so that a timeout kills all of it (k/k pkg/probe/exec: exec probes and hooks are cut off at their
 * timeout).
 */
final class ProcessExec {
    private ProcessExec() {}

    static ExecResult run(List<String> command, ProcessContainer container, Duration timeout, int maxOutput) {
        if (command.isEmpty()) {
            return new ExecResult(-1, "empty command", false);
        }
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(container.workingDir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(container.env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ExecResult(126, e.getMessage(), false);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), output, maxOutput));
        try {
            boolean done = process.waitFor(Math.max(timeout.toMillis(), 1), TimeUnit.MILLISECONDS);
            if (!done) {
                ProcessSignals.signalGroup(process.pid(), "KILL");
                process.waitFor(5, TimeUnit.SECONDS);
            }
            ProcessSignals.signalGroup(process.pid(), "KILL");
            reader.join(Duration.ofSeconds(1));
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8);
            }
            return done ? new ExecResult(process.exitValue(), text, false) : new ExecResult(-1, text, true);
        } catch (InterruptedException e) {
            ProcessSignals.signalGroup(process.pid(), "KILL");
            Thread.currentThread().interrupt();
            return new ExecResult(-1, "interrupted", true);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, int max) {
        byte[] buffer = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    int room = max - out.size();
                    if (room > 0) {
                        out.write(buffer, 0, Math.min(n, room));
                    }
                }
            }
        } catch (IOException e) {
            // The command ended and its pipe closed.
        }
    }
}
