package skiff.kubelet.runtime.runc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A client connection to conmon's attach socket, a Unix {@code SOCK_SEQPACKET} socket the JDK cannot open, through JNA
 * on the C library (as {@code skiff.image.Syscalls} does for the calls unpacking needs). The socket lies in the
 * container's bundle directory under a path that may exceed {@code sun_path}'s 108 bytes, so it is reached as conmon
 * binds it (containers/conmon src/conn_sock.c bind_relative_to_dir): through {@code /proc/self/fd/N} of the directory
 * opened with {@code O_PATH}.
 *
 * <p>conmon sends each chunk of the container's output as one packet whose first byte names the stream (conmon's
 * stdpipe_t: 2 stdout, 3 stderr; CRI-O internal/oci AttachPipeStdout, AttachPipeStderr); what the client writes goes to the container's stdin; a shutdown of the client's writing side ends it
 * (conmon then closes the container's stdin unless it runs with {@code --leave-stdin-open}).
 */
final class AttachSocket implements AutoCloseable {
    static final String NAME = "attach";
    static final int STDOUT = 2;
    static final int STDERR = 3;
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    private static final int EINTR = 4;
    private static final int SUN_PATH = 108;

    private interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, byte[] address, int length) throws LastErrorException;

        long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        int shutdown(int fd, int how) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /** One packet: the stream it belongs to ({@link #STDOUT}, {@link #STDERR}) and its bytes. */
    record Packet(int stream, byte[] data) {}

    private final int fd;
    private volatile boolean closed;

    private AttachSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to the attach socket conmon made in {@code bundle}. */
    static AttachSocket connect(Path bundle) throws IOException {
        LibC c = Holder.LIBC;
        int dir;
        try {
            dir = c.open(bundle.toString(), O_PATH | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("open " + bundle + ": errno " + e.getErrorCode(), e);
        }
        int fd = -1;
        try {
            fd = c.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            byte[] path = ("/proc/self/fd/" + dir + "/" + NAME).getBytes(StandardCharsets.UTF_8);
            byte[] address = new byte[2 + SUN_PATH];
            address[0] = AF_UNIX;
            System.arraycopy(path, 0, address, 2, path.length);
            c.connect(fd, address, address.length);
            return new AttachSocket(fd);
        } catch (LastErrorException e) {
            if (fd >= 0) {
                c.close(fd);
            }
            throw new IOException("cannot connect to the attach socket in " + bundle + ": errno " + e.getErrorCode(),
                    e);
        } finally {
            c.close(dir);
        }
    }

    /** The next packet, or null once conmon has closed the connection (the container exited). Blocks. */
    Packet receive() throws IOException {
        byte[] buffer = new byte[65536];
        while (true) {
            long n;
            try {
                n = Holder.LIBC.recv(fd, buffer, buffer.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                if (closed) {
                    return null;
                }
                throw new IOException("attach socket: errno " + e.getErrorCode(), e);
            }
            if (n <= 0) {
                return null;
            }
            if (n == 1) {
                continue;
            }
            return new Packet(buffer[0], Arrays.copyOfRange(buffer, 1, (int) n));
        }
    }

    /** Sends input for the container's stdin. */
    void send(byte[] data, int offset, int length) throws IOException {
        byte[] chunk = offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length);
        int sent = 0;
        while (sent < chunk.length) {
            byte[] rest = sent == 0 ? chunk : Arrays.copyOfRange(chunk, sent, chunk.length);
            try {
                sent += (int) Holder.LIBC.send(fd, rest, rest.length, MSG_NOSIGNAL);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException("attach socket: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** Ends the input: conmon closes the container's stdin unless told to leave it open. */
    void endInput() {
        shutdown(SHUT_WR);
    }

    private void shutdown(int how) {
        try {
            Holder.LIBC.shutdown(fd, how);
        } catch (LastErrorException e) {
            // Already disconnected.
        }
    }

    /** Disconnects; a thread blocked in {@link #receive} returns null. */
    void disconnect() {
        closed = true;
        shutdown(SHUT_RDWR);
    }

    /** Releases the descriptor; call once no thread uses the socket any more. */
    @Override
    public void close() {
        disconnect();
        try {
            Holder.LIBC.close(fd);
        } catch (LastErrorException e) {
            // Nothing more to release.
        }
    }
}
