package skiff.kubelet.runtime.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ExecStreams;
import skiff.kubelet.runtime.TerminalSize;

/**
 * An interactive command run alongside a process container, in its environment and working directory and in a process
 * group of its own. With a TTY the command runs under util-linux {@code script}, which gives it a pseudo-terminal
 * (there is no pty library on the classpath, and {@code script} passes the exit code through with {@code -e}); a
 * resize sets the size of that terminal with {@code stty}, and the kernel signals SIGWINCH to the command.
 */
public final class StreamingExec {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingExec.class);

    private StreamingExec() {}

    static int run(List<String> command, ProcessContainer container, ExecStreams streams, Clock clock)
            throws InterruptedException {
        return run(command, container.workingDir, container.env, streams, clock);
    }

    /**
     * Runs {@code command} on the host in {@code workingDir} with exactly {@code env}, its streams attached, under a
     * pseudo-terminal when {@code streams.tty()}; returns its exit code. Also the runc runtime's way to run
     * {@code runc exec}, whose {@code -t} then takes the terminal {@code script} gives it.
     */
    public static int run(List<String> command, Path workingDir, Map<String, String> env, ExecStreams streams,
            Clock clock) throws InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        if (streams.tty()) {
            argv.addAll(List.of("script", "--quiet", "--return", "--command", shellCommand(command), "/dev/null"));
        } else {
            argv.addAll(command);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir.toFile());
        // A terminal without input stays open, as a real one would: script would otherwise type an end-of-file into it.
        boolean noInput = streams.stdin() == null && !streams.tty();
        builder.redirectInput(noInput ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.PIPE);
        if (streams.stderr() == null) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        List<Thread> outputs = new ArrayList<>();
        outputs.add(Thread.ofVirtual().start(() -> copy(process.getInputStream(), streams.stdout(), false)));
        if (streams.stderr() != null) {
            outputs.add(Thread.ofVirtual().start(() -> copy(process.getErrorStream(), streams.stderr(), false)));
        }
        Thread input = streams.stdin() == null ? null
                : Thread.ofVirtual().start(() -> copy(streams.stdin(), process.getOutputStream(), true));
        Thread resizer = streams.tty() && streams.resize() != null
                ? Thread.ofVirtual().start(() -> resize(process, streams, clock)) : null;
        try {
            int code = process.waitFor();
            for (Thread t : outputs) {
                t.join(Duration.ofSeconds(2));
            }
            return code;
        } finally {
            // Whatever the command left behind goes with it, as it would with its exec session.
            ProcessSignals.signalGroup(process.pid(), "KILL");
            if (input != null) {
                input.interrupt();
            }
            if (streams.tty() && streams.stdin() == null) {
                closeQuietly(process.getOutputStream());
            }
            if (resizer != null) {
                resizer.interrupt();
            }
        }
    }

    /** The argv as one {@code sh -c} string, each word single-quoted, the shell replaced by the command. */
    static String shellCommand(List<String> command) {
        StringBuilder sb = new StringBuilder("exec");
        for (String word : command) {
            sb.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // The command is gone.
        }
    }

    private static void copy(InputStream in, OutputStream out, boolean closeOut) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out != null) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // One side is gone: the command ended or the caller left.
        } finally {
            if (closeOut && out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    // Already closed by the command's exit.
                }
            }
        }
    }

    private static void resize(Process script, ExecStreams streams, Clock clock) {
        try {
            while (true) {
                TerminalSize size = streams.resize().take();
                Optional<Path> terminal = terminalOf(script, clock);
                if (terminal.isEmpty()) {
                    continue;
                }
                Process stty = new ProcessBuilder("stty", "-F", terminal.get().toString(),
                        "rows", Integer.toString(size.height()), "cols", Integer.toString(size.width()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                stty.waitFor();
            }
        } catch (InterruptedException e) {
            // The command ended.
        } catch (IOException e) {
            LOG.debug("cannot resize the terminal of pid={}", script.pid(), e);
        }
    }

    /** The pseudo-terminal {@code script} gave its child: the child's standard input. */
    private static Optional<Path> terminalOf(Process script, Clock clock) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Optional<ProcessHandle> child = script.children().findFirst();
            if (child.isPresent()) {
                try {
                    Path tty = Files.readSymbolicLink(Path.of("/proc", Long.toString(child.get().pid()), "fd", "0"));
                    if (tty.toString().startsWith("/dev/pts/")) {
                        return Optional.of(tty);
                    }
                } catch (IOException e) {
                    // Not there yet, or already gone.
                }
            }
            if (!script.isAlive()) {
                return Optional.empty();
            }
            clock.sleep(Duration.ofMillis(20));
        }
        return Optional.empty();
    }
}
