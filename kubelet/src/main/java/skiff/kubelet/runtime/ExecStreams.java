package skiff.kubelet.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;

/**
 * The streams of an interactive exec or attach (CRI ExecRequest, AttachRequest: stdin, stdout, stderr, tty, and the
 * terminal size queue).
 *
 * @param stdin null when the caller sends no input (the command reads end-of-file)
 * @param stdout null to discard the output
 * @param stderr null to discard it; with a TTY there is no separate error stream
 * @param resize terminal sizes as the caller's window changes; only read with a TTY
 */
public record ExecStreams(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty,
        BlockingQueue<TerminalSize> resize) {}
