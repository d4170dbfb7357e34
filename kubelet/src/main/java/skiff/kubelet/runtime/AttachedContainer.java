package skiff.kubelet.runtime;

import java.io.IOException;

/**
 * The container's side of one attach, as a runtime provides it: the output the container writes from now on, its
 * stdin, its terminal. {@link AttachSession} copies between it and the caller's streams.
 */
public interface AttachedContainer {
    /** The stream a chunk of output came from. */
    enum Stream { STDOUT, STDERR }

    /** One chunk of the container's output. */
    record Output(Stream stream, byte[] data) {}

    /** The next chunk of output; null once the output has ended (the container exited) or after {@link #detach}. */
    Output next() throws IOException, InterruptedException;

    /** Input for the container's stdin; dropped when the container was created without stdin. */
    void input(byte[] data, int offset, int length) throws IOException;

    /** The caller has no more input: a {@code stdinOnce} container's stdin closes. */
    void endInput();

    /** The caller's terminal changed size; ignored without a terminal. */
    void resize(TerminalSize size);

    /** Ends the attach: {@link #next} returns null, and what the attach held is released. */
    void detach();
}
