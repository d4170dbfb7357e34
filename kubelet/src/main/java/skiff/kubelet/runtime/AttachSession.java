package skiff.kubelet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs one attach between a caller's streams and a container (CRI-O internal/oci/runtime_oci.go AttachContainer, the
 * shape every runtime follows): output copied until it ends; input copied until the caller's stdin ends, which detaches
 * at once unless the container is {@code stdinOnce}, whose stdin then closes and whose exit ends the attach.
 */
public final class AttachSession {
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private AttachSession() {}

    public static void run(AttachedContainer container, ExecStreams streams, boolean stdinOnce)
            throws InterruptedException {
        CompletableFuture<Void> outputEnded = new CompletableFuture<>();
        CompletableFuture<Void> inputEnded = new CompletableFuture<>();
        // A platform thread: a runtime's output may come from a blocking native read, which pins a virtual thread.
        Thread output = Thread.ofPlatform().daemon().name("attach-output").start(() -> {
            copyOutput(container, streams);
            outputEnded.complete(null);
        });
        Thread input = streams.stdin() == null ? null : Thread.ofVirtual().name("attach-input").start(() -> {
            copyInput(streams.stdin(), container);
            inputEnded.complete(null);
        });
        Thread resizer = streams.tty() && streams.resize() != null ? Thread.ofVirtual().name("attach-resize")
                .start(() -> resize(container, streams)) : null;
        try {
            CompletableFuture.anyOf(outputEnded, inputEnded).get();
            if (!outputEnded.isDone() && stdinOnce) {
                outputEnded.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            container.detach();
            output.join(DRAIN);
            if (input != null) {
                input.interrupt();
            }
            if (resizer != null) {
                resizer.interrupt();
            }
        }
    }

    private static void copyOutput(AttachedContainer container, ExecStreams streams) {
        try {
            AttachedContainer.Output chunk;
            while ((chunk = container.next()) != null) {
                OutputStream out = streams.tty() || chunk.stream() == AttachedContainer.Stream.STDOUT
                        ? streams.stdout() : streams.stderr();
                if (out != null) {
                    out.write(chunk.data());
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The caller went away, or the container's side broke: the attach is over.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copyInput(InputStream stdin, AttachedContainer container) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = stdin.read(buffer)) >= 0) {
                container.input(buffer, 0, n);
            }
            container.endInput();
        } catch (IOException e) {
            // Interrupted at the end of the attach, or the container's stdin is gone.
        }
    }

    private static void resize(AttachedContainer container, ExecStreams streams) {
        try {
            while (true) {
                container.resize(streams.resize().take());
            }
        } catch (InterruptedException e) {
            // The attach ended.
        }
    }
}
