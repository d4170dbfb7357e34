package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import skiff.kubelet.runtime.AttachedContainer;
import skiff.kubelet.runtime.TerminalSize;

/**
 * A runc container attached to through its conmon: output and input over the attach socket ({@link AttachSocket}),
 * terminal sizes written to the control FIFO {@code ctl} in the bundle as {@code "1 HEIGHT WIDTH\n"} (containers/conmon
 * src/ctrl.c process_terminal_ctrl_line, message type 1 a window resize; CRI-O internal/oci/runtime_oci.go
 * AttachContainer writes the same).
 */
final class ConmonAttach implements AttachedContainer {
    private static final int RESIZE = 1;

    private final AttachSocket socket;
    private final Path control;

    private ConmonAttach(AttachSocket socket, Path control) {
        this.socket = socket;
        this.control = control;
    }

    static ConmonAttach open(Path bundle) throws IOException {
        return new ConmonAttach(AttachSocket.connect(bundle), bundle.resolve("ctl"));
    }

    @Override
    public Output next() throws IOException {
        AttachSocket.Packet packet = socket.receive();
        if (packet == null) {
            return null;
        }
        return new Output(packet.stream() == AttachSocket.STDERR ? Stream.STDERR : Stream.STDOUT, packet.data());
    }

    @Override
    public void input(byte[] data, int offset, int length) throws IOException {
        socket.send(data, offset, length);
    }

    @Override
    public void endInput() {
        socket.endInput();
    }

    @Override
    public void resize(TerminalSize size) {
        // conmon holds the FIFO open for reading: opening it for writing does not block.
        try (OutputStream out = Files.newOutputStream(control, StandardOpenOption.WRITE)) {
            out.write((RESIZE + " " + size.height() + " " + size.width() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The container is gone; the size no longer matters.
        }
    }

    @Override
    public void detach() {
        socket.disconnect();
    }

    /** Releases the socket once the attach has ended. */
    void close() {
        socket.close();
    }
}
