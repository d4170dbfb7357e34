package skiff.kubelet.runtime.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import skiff.kubelet.runtime.AttachedContainer;
import skiff.kubelet.runtime.TerminalSize;

/**
 * A process container's own stdio as attaches see it: its output handed to every attached caller as the log pumps
 * read it, and its stdin, a pipe kept open when the spec has {@code stdin: true} (else /dev/null), closed after the
 * first attach when {@code stdinOnce} (k/k staging/src/k8s.io/api/core/v1/types.go Container.StdinOnce).
 */
final class ContainerStdio {
    private static final AttachedContainer.Output END = new AttachedContainer.Output(AttachedContainer.Stream.STDOUT,
            new byte[0]);

    private final Set<BlockingQueue<AttachedContainer.Output>> attached = ConcurrentHashMap.newKeySet();
    private final OutputStream stdin;
    private final boolean stdinOnce;
    private volatile boolean ended;

    /** @param stdin the process's stdin pipe, null when it reads /dev/null */
    ContainerStdio(OutputStream stdin, boolean stdinOnce) {
        this.stdin = stdin;
        this.stdinOnce = stdinOnce;
    }

    /** Output the process wrote, for everyone attached. */
    void output(AttachedContainer.Stream stream, byte[] data, int length) {
        if (attached.isEmpty() || length == 0) {
            return;
        }
        byte[] copy = java.util.Arrays.copyOf(data, length);
        attached.forEach(q -> q.add(new AttachedContainer.Output(stream, copy)));
    }

    /** The process's output has ended: every attach sees the end. */
    void ended() {
        ended = true;
        attached.forEach(q -> q.add(END));
    }

    AttachedContainer attach() {
        BlockingQueue<AttachedContainer.Output> queue = new LinkedBlockingQueue<>();
        attached.add(queue);
        if (ended) {
            queue.add(END);
        }
        return new AttachedContainer() {
            @Override
            public Output next() throws InterruptedException {
                Output chunk = queue.take();
                return chunk == END ? null : chunk;
            }

            @Override
            public void input(byte[] data, int offset, int length) throws IOException {
                if (stdin != null) {
                    synchronized (stdin) {
                        stdin.write(data, offset, length);
                        stdin.flush();
                    }
                }
            }

            @Override
            public void endInput() {
                if (stdinOnce) {
                    closeStdin();
                }
            }

            @Override
            public void resize(TerminalSize size) {
                // A process container has no terminal.
            }

            @Override
            public void detach() {
                attached.remove(queue);
                queue.add(END);
                endInput();
            }
        };
    }

    private void closeStdin() {
        if (stdin == null) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // The process is gone.
        }
    }
}
